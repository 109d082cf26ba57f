package io.strato.provider.network;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Addresses leased in subnets to workloads without a network interface resource (container groups on a subnet),
 * by owner key, kept in a file of the provider's data folder so they survive restarts. An address taken here is
 * taken for interfaces too ({@link NetworkProvider#addressesInUse}) and the lease is an interface of the
 * {@link Topology} ({@link TopologyBuilder}), filtered by its subnet's security group.
 */
final class SubnetLeases {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One lease: the owner's id, its subnet's id, the address and MAC it got, and the load balancer backend pools (ids,
     * lower case) its address belongs to.
     */
    record Lease(String owner, String subnetId, String ip, String mac, List<String> backendPools) {
        Lease {
            backendPools = backendPools == null ? List.of() : List.copyOf(backendPools);
        }
    }

    private final Path file;
    private final Map<String, Lease> leases = new LinkedHashMap<>();

    SubnetLeases(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                leases.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Lease>>() {}));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    synchronized Optional<Lease> get(String ownerKey) { return Optional.ofNullable(leases.get(ownerKey)); }

    synchronized List<Map.Entry<String, Lease>> all() { return new ArrayList<>(leases.entrySet()); }

    synchronized List<Lease> inSubnet(String subnetKey) {
        return leases.values().stream().filter(l -> l.subnetId().equalsIgnoreCase(subnetKey)).toList();
    }

    synchronized void put(String ownerKey, Lease lease) {
        leases.put(ownerKey, lease);
        save();
    }

    synchronized boolean remove(String ownerKey) {
        boolean removed = leases.remove(ownerKey) != null;
        if (removed) save();
        return removed;
    }

    private void save() {
        if (file == null) return;
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "leases-", ".tmp");
            JSON.writeValue(tmp.toFile(), leases);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
