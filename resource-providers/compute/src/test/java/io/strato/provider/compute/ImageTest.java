package io.strato.provider.compute;

import static io.strato.provider.compute.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.testkit.InMemoryStoredResources;
import io.strato.testkit.TestProviderContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom images and disks made from images: validation with Azure's codes, VMs made from an image, images in use,
 * FromImage and the resize rules of attached disks; and the qcow2 files, flattened, with real qemu-img.
 */
class ImageTest {
    @TempDir Path dir;
    final InMemoryStoredResources stored = new InMemoryStoredResources();
    ComputeProvider provider;
    final ResourceId vm = Fixtures.vm("vm1");
    final ResourceId image = ResourceId.resource(Fixtures.SUBSCRIPTION, "rg1", ImageHandler.TYPE, "img1");
    final ResourceId disk = ResourceId.resource(Fixtures.SUBSCRIPTION, "rg1", DiskHandler.TYPE, "d1");
    static final String TINY_ID = "/Subscriptions/" + Fixtures.SUBSCRIPTION + "/Providers/Microsoft.Compute/Locations/local/Publishers/Strato"
            + "/ArtifactTypes/VMImage/Offers/tiny-linux/Skus/busybox/Versions/1.0.0";
    VirtualMachineSpec vmSpec;

    @BeforeEach
    void vm() {
        provider = new ComputeProvider(Fixtures.CLOCK);
        provider.configure(TestProviderContext.of(dir, Map.of(ComputeProvider.DRIVER_SETTING, "memory")).withResources(stored));
        vmSpec = provider.virtualMachines().toSpec(Fixtures.LATEST, vm, Fixtures.tinyVm(), Optional.empty());
        provider.virtualMachines().connect().create(vm, vmSpec);
        stored.put(vm, vmSpec);
    }

    private static ArmException refused(Runnable r) {
        try {
            r.run();
        } catch (ArmException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    private void power(String action) {
        provider.virtualMachines().actions().stream().filter(a -> a.name().equals(action)).findFirst().orElseThrow()
                .invoke(Fixtures.LATEST, vm, vmSpec, json("{}"));
    }

    private ImageSpec imageFromVm() {
        ImageSpec spec = provider.images().toSpec(Fixtures.LATEST, image, json("{'location':'local','properties':{'sourceVirtualMachine':{'id':'" + vm + "'}}}"), Optional.empty());
        stored.put(image, spec);
        return spec;
    }

    @Test
    void an_image_of_a_running_vm_is_refused_and_of_a_stopped_one_records_its_source() {
        ArmException running = refused(this::imageFromVm);
        assertThat(running.error().code()).isEqualTo("OperationNotAllowed");

        power("deallocate");
        ImageSpec spec = imageFromVm();

        assertThat(spec.bootImage()).isEqualTo(PlatformImages.TINY.urn());
        JsonNode r = provider.images().toResponse(Fixtures.LATEST, image, spec, Observation.present(Map.of()));
        assertThat(r.at("/properties/sourceVirtualMachine/id").asText()).isEqualTo(vm.toString());
        assertThat(r.at("/properties/storageProfile/osDisk/managedDisk/id").asText()).isEqualTo(VirtualMachineHandler.diskId(vm, vmSpec.osDisk().name()));
        assertThat(r.at("/properties/storageProfile/osDisk/osState").asText()).isEqualTo("Generalized");
    }

    @Test
    void an_image_from_the_vms_os_disk_id_is_the_same_as_from_the_vm() {
        power("powerOff");
        String osDisk = VirtualMachineHandler.diskId(vm, vmSpec.osDisk().name());
        ImageSpec spec = provider.images().toSpec(Fixtures.LATEST, image, json("{'location':'local','properties':{'storageProfile':{'osDisk':"
                + "{'osType':'Linux','osState':'Generalized','managedDisk':{'id':'" + osDisk + "'}}}}}"), Optional.empty());
        assertThat(spec.sourceVirtualMachine()).isEqualTo(vm.toString());
    }

    @Test
    void unknown_sources_and_missing_properties_get_azures_codes() {
        assertThat(refused(() -> provider.images().toSpec(Fixtures.LATEST, image, json("{'location':'local','properties':{'sourceVirtualMachine':{'id':'"
                + Fixtures.vm("nope") + "'}}}"), Optional.empty())).error().code()).isEqualTo("NotFound");
        assertThat(refused(() -> provider.images().toSpec(Fixtures.LATEST, image, json("{'location':'local','properties':{}}"), Optional.empty()))
                .error().message()).isEqualTo("Required parameter 'osDisk' is missing (null).");
        assertThat(refused(() -> provider.images().toSpec(Fixtures.LATEST, image, json("{'location':'local','properties':{'storageProfile':{'osDisk':"
                + "{'osType':'Windows','managedDisk':{'id':'" + disk + "'}}}}}"), Optional.empty())).error().target()).isEqualTo("osDisk.osType");
    }

    @Test
    void a_vm_from_the_image_shows_its_id_and_holds_the_image() {
        power("deallocate");
        imageFromVm();
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) body.at("/properties/storageProfile")).putObject("imageReference").put("id", image.toString());
        ResourceId vm2 = Fixtures.vm("vm2");

        VirtualMachineSpec spec = provider.virtualMachines().toSpec(Fixtures.LATEST, vm2, body, Optional.empty());
        stored.put(vm2, spec);

        assertThat(spec.image().isCustom()).isTrue();
        assertThat(spec.image().local()).contains(PlatformImages.TINY);
        JsonNode r = provider.virtualMachines().toResponse(Fixtures.LATEST, vm2, spec, Observation.notObserved());
        assertThat(r.at("/properties/storageProfile/imageReference").toString()).isEqualTo("{\"id\":\"" + image + "\"}");
        ArmException inUse = refused(() -> provider.images().checkDelete(image, stored.find(image).orElseThrow().spec(ImageSpec.class)));
        assertThat(inUse.error().code()).isEqualTo("OperationNotAllowed");
        stored.remove(vm2);
        provider.images().checkDelete(image, stored.find(image).orElseThrow().spec(ImageSpec.class));

        ((ObjectNode) body.at("/properties/storageProfile/imageReference")).put("id", image.toString().replace("img1", "missing"));
        ArmException missing = refused(() -> provider.virtualMachines().toSpec(Fixtures.LATEST, vm2, body, Optional.empty()));
        assertThat(missing.error().code()).isEqualTo("NotFound");
        assertThat(missing.error().target()).isEqualTo("imageReference.id");
    }

    @Test
    void a_vm_from_an_image_gets_an_os_disk_of_the_images_size_and_never_a_smaller_one() {
        stored.put(image, new ImageSpec(vm.toString(), VirtualMachineHandler.diskId(vm, "os"), PlatformImages.TINY.urn(), "Generalized", 40, "Premium_LRS", "ReadWrite", "V1"));
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) body.at("/properties/storageProfile")).putObject("imageReference").put("id", image.toString());

        assertThat(provider.virtualMachines().toSpec(Fixtures.LATEST, Fixtures.vm("vm2"), body, Optional.empty()).osDisk().diskSizeGB()).isEqualTo(40);
        ((ObjectNode) body.at("/properties/storageProfile/osDisk")).put("diskSizeGB", 35);
        ArmException smaller = refused(() -> provider.virtualMachines().toSpec(Fixtures.LATEST, Fixtures.vm("vm2"), body, Optional.empty()));
        assertThat(smaller.error().code()).isEqualTo("InvalidParameter");
        assertThat(smaller.error().target()).isEqualTo("osDisk.diskSizeGB");
    }

    @Test
    void a_disk_from_an_image_takes_its_size_and_may_not_be_smaller() {
        DiskHandler disks = provider.disks();
        DiskSpec fromPlatform = disks.toSpec(Fixtures.LATEST, disk, json("{'location':'local','properties':{'creationData':{'createOption':'FromImage',"
                + "'imageReference':{'id':'" + TINY_ID + "'}}}}"), Optional.empty());
        assertThat(fromPlatform.diskSizeGB()).isEqualTo(PlatformImages.TINY.diskSizeGiB());
        assertThat(disks.toResponse(Fixtures.LATEST, disk, fromPlatform, Observation.notObserved()).at("/properties/creationData/imageReference/id").asText()).isEqualTo(TINY_ID);

        power("deallocate");
        imageFromVm();
        ArmException smaller = refused(() -> disks.toSpec(Fixtures.LATEST, disk, json("{'location':'local','properties':{'creationData':{'createOption':'FromImage',"
                + "'imageReference':{'id':'" + image + "'}},'diskSizeGB':1}}"), Optional.empty()));
        assertThat(smaller.error().code()).isEqualTo("InvalidParameter");
        assertThat(smaller.error().message()).contains("is smaller than the size of the corresponding disk in the image: 30 GB");
        ArmException unknown = refused(() -> disks.toSpec(Fixtures.LATEST, disk, json("{'location':'local','properties':{'creationData':{'createOption':'FromImage',"
                + "'imageReference':{'id':'" + TINY_ID.replace("busybox", "nope") + "'}}}}"), Optional.empty()));
        assertThat(unknown.error().code()).isEqualTo("PlatformImageNotFound");
    }

    @Test
    void attaching_a_disk_that_does_not_exist_is_not_found() {
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) body.at("/properties/storageProfile")).putArray("dataDisks").addObject().put("lun", 0).put("createOption", "Attach")
                .putObject("managedDisk").put("id", disk.toString());

        ArmException e = refused(() -> provider.virtualMachines().toSpec(Fixtures.LATEST, vm, body, Optional.of(vmSpec)));

        assertThat(e.error().code()).isEqualTo("NotFound");
        assertThat(e.error().target()).isEqualTo("dataDisks.managedDisk.id");
    }

    @Test
    void a_disk_attached_to_one_vm_cannot_be_attached_to_another_but_its_own_vm_may_keep_it() {
        stored.put(disk, provider.disks().toSpec(Fixtures.LATEST, disk, json("{'location':'local','properties':{'creationData':{'createOption':'Empty'},'diskSizeGB':1}}"), Optional.empty()));
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) body.at("/properties/storageProfile")).putArray("dataDisks").addObject().put("lun", 0).put("createOption", "Attach")
                .putObject("managedDisk").put("id", disk.toString());
        vmSpec = provider.virtualMachines().toSpec(Fixtures.LATEST, vm, body, Optional.of(vmSpec));
        stored.put(vm, vmSpec);
        assertThat(provider.virtualMachines().toSpec(Fixtures.LATEST, vm, body, Optional.of(vmSpec)).dataDisks()).hasSize(1);

        ResourceId other = Fixtures.vm("vm2");
        ArmException e = refused(() -> provider.virtualMachines().toSpec(Fixtures.LATEST, other, body, Optional.empty()));

        assertThat(e.error().code()).isEqualTo("OperationNotAllowed");
        assertThat(e.error().message()).contains("already attached to VM '" + vm + "'");
        assertThat(e.error().target()).isEqualTo("dataDisks.managedDisk.id");
    }

    @Test
    void an_attached_disk_of_a_running_vm_cannot_grow_until_the_vm_is_deallocated() {
        DiskHandler disks = provider.disks();
        DiskSpec d = disks.toSpec(Fixtures.LATEST, disk, json("{'location':'local','properties':{'creationData':{'createOption':'Empty'},'diskSizeGB':1}}"), Optional.empty());
        stored.put(disk, d);
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) body.at("/properties/storageProfile")).putArray("dataDisks").addObject().put("lun", 0).put("createOption", "Attach")
                .putObject("managedDisk").put("id", disk.toString());
        vmSpec = provider.virtualMachines().toSpec(Fixtures.LATEST, vm, body, Optional.of(vmSpec));
        stored.put(vm, vmSpec);

        ArmException running = refused(() -> disks.patch(Fixtures.LATEST, disk, json("{'properties':{'diskSizeGB':2}}"), d));
        assertThat(running.error().code()).isEqualTo("OperationNotAllowed");
        assertThat(running.error().message()).contains("requires the virtual machine to be deallocated");

        power("deallocate");
        assertThat(disks.patch(Fixtures.LATEST, disk, json("{'properties':{'diskSizeGB':2}}"), d).diskSizeGB()).isEqualTo(2);
    }

    @Test
    void image_and_disk_files_are_flattened_copies() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img is not installed");
        Path base = dir.resolve("base.qcow2");
        Processes.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "1G"));
        Path overlay = dir.resolve("overlay.qcow2");
        Processes.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), overlay.toString()));
        Processes.run(List.of("qemu-io", "-c", "write -P 0x5a 0 64k", overlay.toString()));
        DiskFiles disks = new DiskFiles(dir.resolve("disks"));
        Files.createDirectories(disks.root());
        Files.copy(overlay, disks.file(disk));
        DiskFiles images = new DiskFiles(dir.resolve("images"));
        ImageClient client = new ImageClient(images, disks, new InMemoryMachineDriver());
        ImageSpec spec = new ImageSpec(null, disk.toString(), PlatformImages.TINY.urn(), "Generalized", 1, "Standard_LRS", "ReadWrite", "V1");

        assertThat(client.create(image, spec)).isInstanceOf(Outcome.Done.class);

        String info = Processes.run(List.of("qemu-img", "info", images.file(image).toString()));
        assertThat(info).doesNotContain("backing file");
        assertThat(Processes.run(List.of("qemu-io", "-c", "read -P 0x5a 0 64k", images.file(image).toString()))).doesNotContain("Pattern verification failed");
        ResourceId copy = ResourceId.resource(Fixtures.SUBSCRIPTION, "rg1", DiskHandler.TYPE, "fromimage");
        DiskClient diskClient = new DiskClient(disks, images, ImageSource.fake());
        assertThat(diskClient.create(copy, new DiskSpec("u", Fixtures.NOW.toString(), "Standard_LRS", 2, "FromImage", null, image.toString()))).isInstanceOf(Outcome.Done.class);
        assertThat(Processes.run(List.of("qemu-img", "info", disks.file(copy).toString()))).contains("virtual size: 2 GiB").doesNotContain("backing file");
        assertThat(Processes.run(List.of("qemu-io", "-c", "read -P 0x5a 0 64k", disks.file(copy).toString()))).doesNotContain("Pattern verification failed");
        assertThat(client.delete(image)).isInstanceOf(Outcome.Done.class);
        assertThat(images.file(image)).doesNotExist();
        assertThat(new String(Files.readAllBytes(disks.file(copy)), 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("QFI\u00fb");
    }
}
