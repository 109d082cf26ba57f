package io.strato.provider.containers.oci;

import io.strato.model.ResourceId;
import io.strato.provider.containers.ContainerNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The appliance's own container network: one Linux bridge per appliance instance ({@code PREFIXbr}) that holds the
 * gateway address, and per group a namespace ({@code PREFIX-KEY}) joined to it by a veth pair
 * ({@code PREFIXKEY} on the host, {@code eth0} inside). The host reaches every group's address directly, so a
 * group's ports answer from the appliance and from other groups. Addresses are leased from the bridge's /24 and
 * kept in {@code leases.properties}, so a group keeps its address across restarts.
 */
public final class HostBridgeNetwork implements ContainerNetwork {
    private final String prefix;
    private final String bridge;
    private final String base;   // the first three octets, e.g. "10.77.3"
    private final Path leases;

    /**
     * @param prefix the appliance instance's kernel-object prefix (at most 8 characters)
     * @param cidr a /24 such as {@code 10.77.3.0/24}; the bridge takes {@code .1}
     */
    public HostBridgeNetwork(String prefix, String cidr, Path directory) {
        if (!cidr.matches("\\d+\\.\\d+\\.\\d+\\.0/24")) throw new IllegalArgumentException("The container network must be a /24: " + cidr);
        this.prefix = prefix;
        this.bridge = prefix + "br";
        this.base = cidr.substring(0, cidr.lastIndexOf(".0/24"));
        this.leases = directory.resolve("leases.properties");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bridge() { return bridge; }

    public String gateway() { return base + ".1"; }

    @Override
    public synchronized Attachment attach(String key, ResourceId group, List<String> subnetIds) {
        ensureBridge();
        String ip = lease(key);
        String ns = namespace(key);
        String host = hostLink(key);
        if (!Files.exists(Path.of("/run/netns", ns))) {
            Shell.check(List.of("ip", "netns", "add", ns));
        }
        if (!Shell.run(List.of("ip", "link", "show", host)).ok()) {
            Shell.check(List.of("ip", "-batch", "-"), "link add " + host + " type veth peer name eth0 netns " + ns + "\n"
                    + "link set " + host + " master " + bridge + " up\n");
            Shell.check(List.of("ip", "-n", ns, "-batch", "-"), "link set lo up\naddr add " + ip + "/24 dev eth0\nlink set eth0 up\n"
                    + "route add default via " + gateway() + "\n");
        }
        return new Attachment("/run/netns/" + ns, ip);
    }

    /** A tap device {@code PREFIXKEY} on the bridge, for a group that runs in a virtual machine. */
    @Override
    public synchronized Attachment attachTap(String key, ResourceId group, List<String> subnetIds) {
        ensureBridge();
        String ip = lease(key);
        String tap = hostLink(key);
        if (!Shell.run(List.of("ip", "link", "show", tap)).ok()) {
            Shell.check(List.of("ip", "-batch", "-"), "tuntap add dev " + tap + " mode tap\nlink set " + tap + " master " + bridge + " up\n");
        }
        return new Attachment(null, ip, tap, gateway());
    }

    @Override
    public synchronized void detach(String key, ResourceId group) {
        String host = hostLink(key);
        // the veth goes first: `ip netns del` frees it asynchronously, and a new one of the same name would clash
        if (Shell.run(List.of("ip", "link", "show", host)).ok()) Shell.run(List.of("ip", "link", "del", host));
        if (Files.exists(Path.of("/run/netns", namespace(key)))) Shell.check(List.of("ip", "netns", "del", namespace(key)));
        release(key);
    }

    /** Removes the bridge when no group uses it any more. */
    public synchronized void removeBridgeIfUnused() {
        if (read().isEmpty() && Shell.run(List.of("ip", "link", "show", bridge)).ok()) Shell.run(List.of("ip", "link", "del", bridge));
    }

    /** Creates the group's namespace when it is missing and returns its path. */
    synchronized String ensureNamespace(String key) {
        String ns = namespace(key);
        if (!Files.exists(Path.of("/run/netns", ns))) Shell.check(List.of("ip", "netns", "add", ns));
        return "/run/netns/" + ns;
    }

    String namespace(String key) { return prefix + "-" + key; }

    String hostLink(String key) { return prefix + key; }

    private void ensureBridge() {
        if (Shell.run(List.of("ip", "link", "show", bridge)).ok()) return;
        Shell.check(List.of("ip", "-batch", "-"), "link add " + bridge + " type bridge\naddr add " + gateway() + "/24 dev " + bridge
                + "\nlink set " + bridge + " up\n");
    }

    private String lease(String key) {
        Properties p = read();
        String ip = p.getProperty(key);
        if (ip != null) return ip;
        for (int host = 2; host < 255; host++) {
            String candidate = base + "." + host;
            if (!p.containsValue(candidate)) {
                p.setProperty(key, candidate);
                write(p);
                return candidate;
            }
        }
        throw new IllegalStateException("The container network " + base + ".0/24 has no free address.");
    }

    private void release(String key) {
        Properties p = read();
        if (p.remove(key) != null) write(p);
    }

    private Properties read() {
        Properties p = new Properties();
        if (Files.exists(leases)) {
            try (var in = Files.newInputStream(leases)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    private void write(Properties p) {
        try {
            Path tmp = Files.createTempFile(leases.getParent(), "leases-", ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                p.store(out, "container group addresses");
            }
            Files.move(tmp, leases, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
