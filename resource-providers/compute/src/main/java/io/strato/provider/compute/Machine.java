package io.strato.provider.compute;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@link MachineDriver} runs: a guest with its processors, memory, boot image, disks, network ports and
 * NoCloud seed. Fully resolved (no ARM names): files are paths, sizes are numbers.
 *
 * @param hostName    the guest's host name (osProfile.computerName)
 * @param vcpus       virtual processors
 * @param memoryMiB   guest memory
 * @param image       what it boots
 * @param osDiskGiB   the OS disk's virtual size; never smaller than the image's disk
 * @param dataDisks   disks attached after the OS disk, by LUN
 * @param ports       network ports, the first is the primary
 * @param seed        files of the NoCloud seed (meta-data, user-data, network-config, ...), by path
 */
public record Machine(String hostName, int vcpus, int memoryMiB, BootImage image, int osDiskGiB,
                      List<DataDisk> dataDisks, List<Port> ports, Map<String, byte[]> seed) {
    public Machine {
        dataDisks = List.copyOf(dataDisks);
        ports = List.copyOf(ports);
        seed = Map.copyOf(seed);
    }

    /**
     * A bootable platform image: a kernel and initramfs booted directly, the base disk OS disks are copy-on-write
     * overlays of, and the serial-console line the guest prints when provisioning has finished.
     */
    public record BootImage(Path kernel, Path initrd, String kernelCommandLine, Path baseDisk, String readyMarker) {}

    /** A data disk: its qcow2 file (owned by a disk resource) at a LUN. */
    public record DataDisk(int lun, Path file) {}

    /**
     * A network port. {@code tap} is the host tap device on a virtual network's bridge, or null for isolated
     * user-mode networking. {@code address} is the guest's address with its prefix ({@code 10.0.0.4/24}), null for DHCP.
     */
    public record Port(String mac, String tap, String address, String gateway, List<String> dnsServers) {
        public Port {
            dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        }

        public boolean userMode() { return tap == null; }
    }
}
