package io.strato.provider.compute;

import static io.strato.provider.compute.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: every way a VM body is refused, with Azure's code, target and message. */
class VirtualMachineValidationTest {
    record Case(String reason, Consumer<ObjectNode> edit, ArmErrorCode code, String target, String message) {
        @Override
        public String toString() { return reason; }
    }

    private static ObjectNode props(ObjectNode body) { return (ObjectNode) body.get("properties"); }

    static Stream<Case> refusedBodies() {
        return Stream.of(
                new Case("there are no properties", b -> b.remove("properties"), ArmErrorCode.InvalidParameter, "properties",
                        "Required parameter 'properties' is missing (null)."),
                new Case("the size is missing", b -> props(b).remove("hardwareProfile"), ArmErrorCode.InvalidParameter, "vmSize",
                        "Required parameter 'vmSize' is missing (null)."),
                new Case("the size is unknown", b -> props(b).putObject("hardwareProfile").put("vmSize", "Standard_Z99"),
                        ArmErrorCode.InvalidParameter, "vmSize", "The value Standard_Z99 provided for the VM size is not valid."),
                new Case("the image is not on the appliance and no stand-in is configured", b -> ((ObjectNode) props(b).get("storageProfile").get("imageReference")).put("publisher", "Canonical"),
                        ArmErrorCode.PlatformImageNotFound, "imageReference", "The platform image 'Canonical:tiny-linux:busybox:latest' is not available."),
                new Case("there is no image reference", b -> ((ObjectNode) props(b).get("storageProfile")).remove("imageReference"),
                        ArmErrorCode.InvalidParameter, "imageReference", "Required parameter 'imageReference' is missing (null)."),
                new Case("the computer name is missing", b -> ((ObjectNode) props(b).get("osProfile")).remove("computerName"),
                        ArmErrorCode.InvalidParameter, "computerName", "Required parameter 'computerName' is missing (null)."),
                new Case("the computer name has a forbidden character", b -> ((ObjectNode) props(b).get("osProfile")).put("computerName", "vm_1!"),
                        ArmErrorCode.InvalidParameter, "computerName", "Linux host name cannot exceed 64 characters"),
                new Case("the admin user name is reserved", b -> ((ObjectNode) props(b).get("osProfile")).put("adminUsername", "root"),
                        ArmErrorCode.InvalidParameter, "adminUsername", "The Admin Username specified is not allowed."),
                new Case("password login without a password", b -> ((ObjectNode) props(b).get("osProfile").get("linuxConfiguration")).put("disablePasswordAuthentication", false),
                        ArmErrorCode.InvalidParameter, "adminPassword", "Required parameter 'adminPassword' is missing (null)."),
                new Case("a weak password", b -> {
                            ((ObjectNode) props(b).get("osProfile")).put("adminPassword", "password");
                            ((ObjectNode) props(b).get("osProfile").get("linuxConfiguration")).put("disablePasswordAuthentication", false);
                        },
                        ArmErrorCode.InvalidParameter, "adminPassword", "The supplied password must be between 6-72 characters long"),
                new Case("no way to log in", b -> ((ObjectNode) props(b).get("osProfile").get("linuxConfiguration")).remove("ssh"),
                        ArmErrorCode.InvalidParameter, "linuxConfiguration", "Authentication using either SSH or by user name and password must be enabled in Linux profile."),
                new Case("an SSH key that is not one", b -> ((ObjectNode) props(b).at("/osProfile/linuxConfiguration/ssh/publicKeys/0")).put("keyData", "hello"),
                        ArmErrorCode.InvalidParameter, "linuxConfiguration.ssh.publicKeys.keyData", "The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid."),
                new Case("an SSH key path outside the admin's home", b -> ((ObjectNode) props(b).at("/osProfile/linuxConfiguration/ssh/publicKeys/0")).put("path", "/root/.ssh/authorized_keys"),
                        ArmErrorCode.InvalidParameter, "linuxConfiguration.ssh.publicKeys.path", "Destination path for SSH public keys is currently limited"),
                new Case("customData that is not base64", b -> ((ObjectNode) props(b).get("osProfile")).put("customData", "not base64!"),
                        ArmErrorCode.InvalidParameter, "customData", "Custom data in OSProfile must be in Base64 encoding"),
                new Case("a NIC id that is not a NIC", b -> ((com.fasterxml.jackson.databind.node.ArrayNode) props(b).at("/networkProfile/networkInterfaces"))
                        .addObject().put("id", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"),
                        ArmErrorCode.InvalidParameter, "networkProfile.networkInterfaces.id", "is not a network interface id"),
                new Case("trusted launch, which needs secure boot and a virtual TPM", b -> props(b).putObject("securityProfile").put("securityType", "TrustedLaunch"),
                        ArmErrorCode.BadRequest, "securityProfile.securityType", "Use of TrustedLaunch setting is not supported on this appliance"),
                new Case("a virtual TPM without a security type", b -> props(b).putObject("securityProfile").putObject("uefiSettings").put("vTpmEnabled", true),
                        ArmErrorCode.BadRequest, "securityProfile.uefiSettings.vTpmEnabled", "cannot be true on this appliance"),
                new Case("an OS disk from a user image in a VHD blob", b -> ((ObjectNode) props(b).at("/storageProfile/osDisk")).putObject("image").put("uri", "https://acct.blob.local/vhds/os.vhd"),
                        ArmErrorCode.InvalidParameter, "osDisk.image", "OS disks from a user image in a VHD blob (parameter 'osDisk.image') are not supported on this appliance"),
                new Case("an OS disk of zero size", b -> ((ObjectNode) props(b).at("/storageProfile/osDisk")).put("diskSizeGB", 0),
                        ArmErrorCode.InvalidParameter, "osDisk.diskSizeGB", "The specified disk size 0 GB is not valid"),
                new Case("more data disks than the size allows", b -> {
                    var disks = ((ObjectNode) props(b).get("storageProfile")).putArray("dataDisks");
                    for (int i = 0; i < 3; i++) disks.addObject().put("lun", i).put("createOption", "Empty").put("diskSizeGB", 1);
                }, ArmErrorCode.OperationNotAllowed, "dataDisks", "The maximum number of data disks allowed to be attached to a VM of this size is 2."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    void a_bad_body_is_refused_with_azures_code(Case c) {
        ObjectNode body = Fixtures.tinyVm();
        c.edit().accept(body);

        assertThatThrownBy(() -> VirtualMachineRequest.parse(Fixtures.vm("vm1"), body, Optional.empty(), Fixtures.NOW))
                .isInstanceOfSatisfying(ArmException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(c.code().name());
                    assertThat(e.error().target()).isEqualTo(c.target());
                    assertThat(e.error().message()).contains(c.message());
                });
    }

    @Test
    void a_linux_marketplace_image_the_appliance_lacks_boots_the_stand_in() {
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) props(body).get("storageProfile")).putObject("imageReference").put("publisher", "Canonical").put("offer", "UbuntuServer")
                .put("sku", "16.04-LTS").put("version", "latest");

        var image = VirtualMachineRequest.parse(Fixtures.vm("vm1"), body, Optional.empty(), Fixtures.NOW, Optional.of(PlatformImages.TINY)).spec().image();

        assertThat(image.urn()).isEqualTo("Canonical:UbuntuServer:16.04-LTS:latest");
        assertThat(image.standIn()).isEqualTo(PlatformImages.TINY.urn());
        assertThat(image.local()).contains(PlatformImages.TINY);
    }

    @Test
    void a_windows_image_never_gets_a_linux_stand_in() {
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) props(body).get("storageProfile")).putObject("imageReference").put("publisher", "MicrosoftWindowsServer")
                .put("offer", "WindowsServer").put("sku", "2019-Datacenter").put("version", "latest");

        assertThatThrownBy(() -> VirtualMachineRequest.parse(Fixtures.vm("vm1"), body, Optional.empty(), Fixtures.NOW, Optional.of(PlatformImages.TINY)))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("PlatformImageNotFound"));
    }

    @Test
    void a_standard_security_profile_without_secure_boot_or_vtpm_is_accepted() {
        ObjectNode body = Fixtures.tinyVm();
        props(body).putObject("securityProfile").put("securityType", "Standard").putObject("uefiSettings").put("secureBootEnabled", false).put("vTpmEnabled", false);

        assertThat(VirtualMachineRequest.parse(Fixtures.vm("vm1"), body, Optional.empty(), Fixtures.NOW).spec().vmSize()).isNotBlank();
    }

    @Test
    void the_admin_user_name_cannot_change_after_creation() {
        var first = VirtualMachineRequest.parse(Fixtures.vm("vm1"), Fixtures.tinyVm(), Optional.empty(), Fixtures.NOW).spec();
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) props(body).get("osProfile")).put("adminUsername", "other");

        assertThatThrownBy(() -> VirtualMachineRequest.parse(Fixtures.vm("vm1"), body, Optional.of(first), Fixtures.NOW))
                .isInstanceOfSatisfying(ArmException.class, e -> {
                    assertThat(e.error().code()).isEqualTo("PropertyChangeNotAllowed");
                    assertThat(e.error().message()).isEqualTo("Changing property 'adminUsername' is not allowed.");
                });
    }

    @Test
    void with_password_login_disabled_the_admin_password_is_ignored_as_azure_does() {
        ObjectNode body = Fixtures.tinyVm();
        // quickstarts pass their SSH key in adminPassword when they disable password login
        ((ObjectNode) props(body).get("osProfile")).put("adminPassword", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC" + "x".repeat(300) + " user@host");

        var parsed = VirtualMachineRequest.parse(Fixtures.vm("vm1"), body, Optional.empty(), Fixtures.NOW);

        assertThat(parsed.secrets().adminPassword()).isEmpty();
        assertThat(parsed.spec().properties().toString()).doesNotContain("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCxxx");
    }

    @Test
    void secrets_are_taken_out_of_the_stored_properties() {
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) props(body).get("osProfile")).put("adminPassword", "Sup3r-Secret!");
        ((ObjectNode) props(body).get("osProfile").get("linuxConfiguration")).put("disablePasswordAuthentication", false);

        var parsed = VirtualMachineRequest.parse(Fixtures.vm("vm1"), body, Optional.empty(), Fixtures.NOW);

        assertThat(parsed.spec().properties().toString()).doesNotContain("Sup3r-Secret!").doesNotContain("IyEvYmluL3No");
        assertThat(parsed.secrets().adminPassword()).contains("Sup3r-Secret!");
        assertThat(parsed.secrets().customData()).isPresent();
        assertThat(parsed.spec().customData()).isTrue();
    }

    @Test
    void the_size_is_canonicalised_and_latest_resolves_to_the_exact_version() {
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) props(body).get("hardwareProfile")).put("vmSize", "standard_b1S");

        var spec = VirtualMachineRequest.parse(Fixtures.vm("vm1"), body, Optional.empty(), Fixtures.NOW).spec();

        assertThat(spec.vmSize()).isEqualTo("Standard_B1s");
        assertThat(spec.image().exactVersion()).isEqualTo(PlatformImages.TINY.version());
        assertThat(spec.osDisk().name()).startsWith("vm1_OsDisk_1_");
        assertThat(json(spec.properties().toString()).at("/hardwareProfile/vmSize").asText()).isEqualTo("Standard_B1s");
    }
}
