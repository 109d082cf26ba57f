package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ResourceId;
import io.strato.spi.StoredResource;
import io.strato.spi.StoredResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads every stored network resource of the appliance into the {@link Topology} a driver realizes. */
final class TopologyBuilder {
    /** Where Azure's load balancer probes come from (its well-known health-probe address). */
    static final String LOAD_BALANCER_SOURCE = "168.63.129.16/32";

    private TopologyBuilder() {}

    /**
     * The whole topology; {@code without} (a resource being deleted, and its children) is left out. Subnet
     * {@code leases} become interfaces of their subnet, filtered by its security group.
     */
    static Topology build(StoredResources stored, Optional<ResourceId> without, SubnetLeases leases) {
        List<StoredResource> vnets = rows(stored, VirtualNetworkHandler.TYPE, without);
        List<StoredResource> nics = rows(stored, NetworkInterfaceHandler.TYPE, without);
        List<StoredResource> nsgs = rows(stored, SecurityGroupHandler.TYPE, without);
        List<StoredResource> pips = rows(stored, PublicIpHandler.TYPE, without);
        List<StoredResource> tables = rows(stored, RouteTableHandler.TYPE, without);
        List<StoredResource> lbs = rows(stored, LoadBalancerHandler.TYPE, without);

        Map<String, JsonNode> routeTables = new HashMap<>();
        tables.forEach(t -> routeTables.put(t.id().key(), NetworkProvider.props(t)));
        Map<String, String> subnetNetwork = new HashMap<>();
        Map<String, Topology.Subnet> subnets = new HashMap<>();
        List<Topology.Network> networks = new ArrayList<>();
        Map<String, List<String>> spaces = new HashMap<>();
        for (StoredResource v : vnets) {
            JsonNode p = NetworkProvider.props(v);
            List<String> space = new ArrayList<>();
            p.path("addressSpace").path("addressPrefixes").forEach(a -> space.add(a.asText()));
            spaces.put(v.id().key(), space);
            List<Topology.Subnet> own = new ArrayList<>();
            List<Topology.StaticRoute> routes = new ArrayList<>();
            for (JsonNode s : p.path("subnets")) {
                ResourceId sid = ResourceId.parse(v.id() + "/subnets/" + s.path("name").asText());
                JsonNode sp = s.path("properties");
                String prefix = sp.has("addressPrefix") ? sp.path("addressPrefix").asText() : sp.path("addressPrefixes").path(0).asText();
                Optional<Cidr> c = Cidr.tryParse(prefix);
                if (c.isEmpty()) continue;
                Topology.Subnet subnet = new Topology.Subnet(sid.key(), c.get().toString(), c.get().gateway(), key(sp, "networkSecurityGroup"));
                own.add(subnet);
                subnets.put(sid.key(), subnet);
                subnetNetwork.put(sid.key(), v.id().key());
                key(sp, "routeTable").map(routeTables::get).ifPresent(t -> t.path("routes").forEach(r -> {
                    JsonNode rp = r.path("properties");
                    if (rp.path("nextHopType").asText().equals("VirtualAppliance")) {
                        routes.add(new Topology.StaticRoute(rp.path("addressPrefix").asText(), rp.path("nextHopIpAddress").asText()));
                    }
                }));
            }
            List<String> dns = new ArrayList<>();
            p.path("dhcpOptions").path("dnsServers").forEach(d -> dns.add(d.asText()));
            networks.add(new Topology.Network(v.id().key(), space, own, dns, routes.stream().distinct().toList()));
        }

        List<Topology.Peering> peerings = new ArrayList<>();
        Map<String, Set<String>> peeredSpace = new HashMap<>();
        Set<String> links = new java.util.HashSet<>();
        for (StoredResource p : rows(stored, PeeringHandler.TYPE, without)) {
            JsonNode pp = NetworkProvider.props(p);
            if (!pp.path("allowVirtualNetworkAccess").asBoolean(true)) continue;
            String local = p.id().parent().key();
            String remote = ResourceId.tryParse(pp.path("remoteVirtualNetwork").path("id").asText("")).map(ResourceId::key).orElse("");
            if (!spaces.containsKey(local) || !spaces.containsKey(remote)) continue;
            String first = local.compareTo(remote) < 0 ? local : remote, second = first.equals(local) ? remote : local;
            // a peering is realized when both sides declared it
            if (!links.add(first + "|" + second)) {
                peerings.add(new Topology.Peering(first, second, spaces.get(first), spaces.get(second)));
                peeredSpace.computeIfAbsent(first, k -> new LinkedHashSet<>()).addAll(spaces.get(second));
                peeredSpace.computeIfAbsent(second, k -> new LinkedHashSet<>()).addAll(spaces.get(first));
            }
        }
        // VirtualNetwork in security rules covers the peered networks' spaces too, as in Azure
        peeredSpace.forEach((k, v) -> {
            List<String> all = new ArrayList<>(spaces.get(k));
            v.stream().filter(x -> !all.contains(x)).forEach(all::add);
            spaces.put(k, all);
        });

        List<Topology.Interface> interfaces = new ArrayList<>();
        Map<String, Set<String>> groupSpaces = new HashMap<>();
        Map<String, String> configIp = new HashMap<>();
        Map<String, String> configNetwork = new HashMap<>();
        List<Topology.PublicAddress> publics = new ArrayList<>();
        Map<String, String> pipAddress = new HashMap<>();
        pips.forEach(p -> pipAddress.put(p.id().key(), NetworkProvider.props(p).path("ipAddress").asText()));
        Map<String, List<String>> poolBackends = new HashMap<>();
        Map<String, String[]> natBackends = new HashMap<>(); // rule key -> { address, network }
        for (StoredResource nic : nics) {
            JsonNode p = NetworkProvider.props(nic);
            List<JsonNode> configs = NetworkProvider.ipConfigurations(nic);
            if (configs.isEmpty()) continue;
            JsonNode primary = configs.get(0).path("properties");
            for (JsonNode c : configs) if (c.path("properties").path("primary").asBoolean(false)) primary = c.path("properties");
            String subnetKey = key(primary, "subnet").orElse("");
            Topology.Subnet subnet = subnets.get(subnetKey);
            if (subnet == null) continue;
            String network = subnetNetwork.get(subnetKey);
            Cidr c = Cidr.tryParse(subnet.cidr()).orElseThrow();
            List<String> groups = new ArrayList<>();
            subnet.securityGroup().ifPresent(groups::add);
            key(p, "networkSecurityGroup").filter(g -> !groups.contains(g)).ifPresent(groups::add);
            for (String g : groups) groupSpaces.computeIfAbsent(g, k -> new LinkedHashSet<>()).addAll(spaces.getOrDefault(network, List.of()));
            List<String> dns = new ArrayList<>();
            p.path("dnsSettings").path("dnsServers").forEach(d -> dns.add(d.asText()));
            if (dns.isEmpty()) networks.stream().filter(n -> n.key().equals(network)).findFirst().ifPresent(n -> dns.addAll(n.dnsServers()));
            String ip = primary.path("privateIPAddress").asText();
            interfaces.add(new Topology.Interface(nic.id().key(), network, subnetKey, p.path("macAddress").asText().replace('-', ':').toLowerCase(Locale.ROOT),
                    ip, c.length(), subnet.gateway(), dns, groups));
            for (JsonNode cfg : configs) {
                JsonNode cp = cfg.path("properties");
                String cfgKey = (nic.id() + "/ipConfigurations/" + cfg.path("name").asText()).toLowerCase(Locale.ROOT);
                configIp.put(cfgKey, cp.path("privateIPAddress").asText());
                configNetwork.put(cfgKey, network);
                key(cp, "publicIPAddress").filter(pipAddress::containsKey).ifPresent(pip ->
                        publics.add(new Topology.PublicAddress(pip, pipAddress.get(pip), network, cp.path("privateIPAddress").asText())));
                for (JsonNode rule : cp.path("loadBalancerInboundNatRules")) {
                    natBackends.putIfAbsent(rule.path("id").asText().toLowerCase(Locale.ROOT), new String[] {cp.path("privateIPAddress").asText(), network});
                }
                for (JsonNode pool : cp.path("loadBalancerBackendAddressPools")) {
                    poolBackends.computeIfAbsent(pool.path("id").asText().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(cp.path("privateIPAddress").asText());
                }
            }
        }
        for (var e : leases.all()) {
            SubnetLeases.Lease lease = e.getValue();
            Topology.Subnet subnet = subnets.get(lease.subnetId().toLowerCase(Locale.ROOT));
            if (subnet == null || without.map(w -> lease.owner().equalsIgnoreCase(w.toString())).orElse(false)) continue;
            String network = subnetNetwork.get(subnet.key());
            List<String> groups = new ArrayList<>();
            subnet.securityGroup().ifPresent(groups::add);
            for (String g : groups) groupSpaces.computeIfAbsent(g, k -> new LinkedHashSet<>()).addAll(spaces.getOrDefault(network, List.of()));
            List<String> dns = new ArrayList<>();
            networks.stream().filter(n -> n.key().equals(network)).findFirst().ifPresent(n -> dns.addAll(n.dnsServers()));
            interfaces.add(new Topology.Interface(e.getKey(), network, subnet.key(), lease.mac(), lease.ip(),
                    Cidr.tryParse(subnet.cidr()).orElseThrow().length(), subnet.gateway(), dns, groups));
            for (String pool : lease.backendPools()) poolBackends.computeIfAbsent(pool.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(lease.ip());
        }
        // subnets with a group and no interface still let the group's VirtualNetwork tag mean the subnet's network
        for (Topology.Subnet s : subnets.values()) {
            s.securityGroup().ifPresent(g -> groupSpaces.computeIfAbsent(g, k -> new LinkedHashSet<>()).addAll(spaces.getOrDefault(subnetNetwork.get(s.key()), List.of())));
        }

        List<Topology.SecurityGroup> groups = new ArrayList<>();
        for (StoredResource g : nsgs) {
            List<String> vnetSpace = List.copyOf(groupSpaces.getOrDefault(g.id().key(), Set.of()));
            List<Topology.Rule> rules = new ArrayList<>();
            for (JsonNode r : NetworkProvider.props(g).path("securityRules")) rule(r.path("name").asText(), r.path("properties"), vnetSpace).ifPresent(rules::add);
            for (SecurityGroupHandler.DefaultRule d : SecurityGroupHandler.DEFAULT_RULES) {
                rule(d.name(), Body.NODES.objectNode().put("priority", d.priority()).put("direction", d.direction()).put("access", d.access())
                        .put("protocol", "*").put("sourceAddressPrefix", d.source()).put("destinationAddressPrefix", d.destination())
                        .put("sourcePortRange", "*").put("destinationPortRange", "*"), vnetSpace).ifPresent(rules::add);
            }
            rules.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
            groups.add(new Topology.SecurityGroup(g.id().key(), rules));
        }

        List<Topology.Balancer> balancers = new ArrayList<>();
        List<Topology.InboundNat> nats = new ArrayList<>();
        for (StoredResource lb : lbs) {
            JsonNode p = NetworkProvider.props(lb);
            Map<String, String> frontends = new HashMap<>();
            for (JsonNode f : p.path("frontendIPConfigurations")) {
                JsonNode fp = f.path("properties");
                String address = key(fp, "publicIPAddress").map(pipAddress::get).orElse(fp.path("privateIPAddress").asText(null));
                if (address != null) frontends.put((lb.id() + "/frontendIPConfigurations/" + f.path("name").asText()).toLowerCase(Locale.ROOT), address);
            }
            for (JsonNode r : p.path("inboundNatRules")) {
                JsonNode rp = r.path("properties");
                String key = (lb.id() + "/inboundNatRules/" + r.path("name").asText()).toLowerCase(Locale.ROOT);
                String frontend = frontends.get(rp.path("frontendIPConfiguration").path("id").asText().toLowerCase(Locale.ROOT));
                String[] backend = natBackends.get(key);
                if (frontend == null || backend == null) continue; // a rule no interface references forwards nothing, as in Azure
                nats.add(new Topology.InboundNat(key, backend[1], frontend, rp.path("protocol").asText("Tcp").toLowerCase(Locale.ROOT),
                        rp.path("frontendPort").asInt(), rp.path("backendPort").asInt(), backend[0]));
            }
            Map<String, Integer> probes = new HashMap<>();
            for (JsonNode pr : p.path("probes")) probes.put((lb.id() + "/probes/" + pr.path("name").asText()).toLowerCase(Locale.ROOT), pr.path("properties").path("port").asInt());
            for (JsonNode r : p.path("loadBalancingRules")) {
                JsonNode rp = r.path("properties");
                String frontend = frontends.get(rp.path("frontendIPConfiguration").path("id").asText().toLowerCase(Locale.ROOT));
                List<String> backends = poolBackends.getOrDefault(rp.path("backendAddressPool").path("id").asText().toLowerCase(Locale.ROOT), List.of());
                if (frontend == null || backends.isEmpty()) continue;
                String network = null;
                for (Topology.Interface i : interfaces) if (backends.contains(i.ip())) network = i.network();
                if (network == null) continue;
                balancers.add(new Topology.Balancer((lb.id() + "/loadBalancingRules/" + r.path("name").asText()).toLowerCase(Locale.ROOT), network, frontend,
                        rp.path("protocol").asText().toLowerCase(Locale.ROOT), rp.path("frontendPort").asInt(), rp.path("backendPort").asInt(), backends,
                        Optional.ofNullable(probes.get(rp.path("probe").path("id").asText().toLowerCase(Locale.ROOT)))));
            }
        }
        return new Topology(networks, interfaces, groups, publics, balancers, peerings, nats);
    }

    private static Optional<Topology.Rule> rule(String name, JsonNode p, List<String> vnetSpace) {
        List<String> src = prefixes(p, "source", vnetSpace);
        List<String> dst = prefixes(p, "destination", vnetSpace);
        if (src.isEmpty() || dst.isEmpty()) return Optional.empty(); // a tag that matches nothing on this appliance
        String protocol = p.path("protocol").asText("*").toLowerCase(Locale.ROOT);
        if (!List.of("tcp", "udp", "icmp", "*").contains(protocol)) return Optional.empty();
        return Optional.of(new Topology.Rule(name, p.path("priority").asInt(), p.path("direction").asText().equals("Inbound"),
                p.path("access").asText().equals("Allow"), protocol, src, ports(p, "source"), dst, ports(p, "destination")));
    }

    private static List<String> prefixes(JsonNode p, String side, List<String> vnetSpace) {
        List<String> given = new ArrayList<>();
        if (p.hasNonNull(side + "AddressPrefix")) given.add(p.path(side + "AddressPrefix").asText());
        p.path(side + "AddressPrefixes").forEach(a -> given.add(a.asText()));
        List<String> out = new ArrayList<>();
        for (String g : given) {
            switch (g.toLowerCase(Locale.ROOT)) {
                case "*", "internet", "0.0.0.0/0" -> out.add("0.0.0.0/0");
                case "virtualnetwork" -> out.addAll(vnetSpace);
                case "azureloadbalancer" -> out.add(LOAD_BALANCER_SOURCE);
                default -> {
                    if (Cidr.address(g).isPresent()) out.add(g + "/32");
                    else Cidr.tryParse(g).ifPresent(c -> out.add(c.toString()));
                }
            }
        }
        return out.stream().distinct().toList();
    }

    private static List<String> ports(JsonNode p, String side) {
        List<String> out = new ArrayList<>();
        if (p.hasNonNull(side + "PortRange")) out.add(p.path(side + "PortRange").asText().trim());
        p.path(side + "PortRanges").forEach(a -> out.add(a.asText().trim()));
        if (out.isEmpty() || out.contains("*")) return List.of("*");
        return out;
    }

    private static Optional<String> key(JsonNode node, String field) {
        String id = node.path(field).path("id").asText("");
        return id.isEmpty() ? Optional.empty() : ResourceId.tryParse(id).map(ResourceId::key);
    }

    private static List<StoredResource> rows(StoredResources stored, io.strato.model.ResourceType type, Optional<ResourceId> without) {
        return stored.listAll(type).stream().filter(r -> without.isEmpty()
                || !(r.id().key().equals(without.get().key()) || r.id().key().startsWith(without.get().key() + "/"))).toList();
    }
}
