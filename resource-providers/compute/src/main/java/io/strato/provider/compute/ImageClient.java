package io.strato.provider.compute;

import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Images as flattened qcow2 files ({@code qemu-img convert}: no backing chain) in their own folder: a VM's OS disk
 * through the machine driver, or a managed disk's file. With {@code images} null the images exist only as records
 * (the in-memory driver).
 */
final class ImageClient implements ExternalClient<ImageSpec> {
    private final DiskFiles images;
    private final DiskFiles disks;
    private final MachineDriver driver;

    ImageClient(DiskFiles images, DiskFiles disks, MachineDriver driver) {
        this.images = images;
        this.disks = disks;
        this.driver = driver;
    }

    /** The image's file, empty for the in-memory driver. */
    java.util.Optional<Path> file(ResourceId image) { return images == null ? java.util.Optional.empty() : java.util.Optional.of(images.file(image)); }

    @Override
    public Observation observe(ResourceId id, ImageSpec desired) {
        if (images == null) return Observation.present(Map.of());
        return Files.isRegularFile(images.file(id)) ? Observation.present(Map.of()) : Observation.absent();
    }

    @Override
    public Outcome create(ResourceId id, ImageSpec desired) {
        if (images == null) return Outcome.done();
        Path f = images.file(id);
        if (Files.isRegularFile(f)) return Outcome.done();
        try {
            Files.createDirectories(f.getParent());
            Path temp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            if (desired.sourceVirtualMachine() != null) {
                driver.exportOsDisk(VirtualMachineClient.machineId(ResourceId.parse(desired.sourceVirtualMachine())), temp);
            } else {
                Path source = disks.file(ResourceId.parse(desired.sourceDisk()));
                if (!Files.isRegularFile(source)) {
                    return Outcome.failed(new ArmError(ArmErrorCode.NotFound.name(), "Resource " + desired.sourceDisk() + " was not found.", "storageProfile.osDisk.managedDisk.id"));
                }
                Processes.run(List.of("qemu-img", "convert", "-U", "-q", "-O", "qcow2", source.toString(), temp.toString()), 1800);
            }
            Files.move(temp, f, StandardCopyOption.ATOMIC_MOVE);
            return Outcome.done();
        } catch (IOException | MachineDriver.MachineException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The image '" + id.name() + "' could not be made: " + e.getMessage(), null));
        }
    }

    @Override
    public Outcome update(ResourceId id, ImageSpec desired) { return create(id, desired); }

    @Override
    public Outcome delete(ResourceId id) {
        if (images == null) return Outcome.done();
        try {
            Files.deleteIfExists(images.file(id));
            return Outcome.done();
        } catch (IOException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The image '" + id.name() + "' could not be removed: " + e.getMessage(), null));
        }
    }
}
