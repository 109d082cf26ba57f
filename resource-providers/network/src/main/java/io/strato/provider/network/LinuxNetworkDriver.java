package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.model.ResourceId;
import io.strato.spi.network.NamespacePort;
import io.strato.spi.network.PortConfig;
import io.strato.spi.network.TapPort;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Virtual networks on this Linux host, with iproute2 and nftables:
 * <ul>
 *   <li>a bridge per virtual network (no address on the host), and a router namespace joined to it that holds every
 *       subnet's gateway ({@code .1}), routes between subnets and along route tables, and translates public addresses;</li>
 *   <li>an uplink veth from the host to each router: the host routes the network's public addresses into it, and the
 *       router answers for them, translating one to one (interfaces) or spreading connections (load-balancing rules);</li>
 *   <li>security groups as one host {@code inet} nftables table that sees bridged traffic (br_netfilter) and tracks
 *       connections: rules judge new flows, replies pass (TCP, UDP and ICMP), as in Azure;</li>
 *   <li>ports on demand: a tap for a VM or a veth into a workload's namespace.</li>
 * </ul>
 * Every object is named by {@link LinuxNames}; {@link #apply} creates what is missing, removes what this appliance
 * made that is no longer wanted, and replaces nftables tables atomically, so it is idempotent and restart-safe.
 */
public final class LinuxNetworkDriver extends AbstractNetworkDriver {
    static final String HOST_UPLINK_ADDRESS = "169.254.0.1";
    static final String ROUTER_UPLINK_ADDRESS = "169.254.0.2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LinuxNames names;
    private final CommandRunner sh;
    private final Map<String, String> loadedTables = new HashMap<>();
    /** What each network's router was last brought to; an unchanged network whose objects all exist is skipped. */
    private final Map<String, List<Object>> realized = new HashMap<>();
    /** Probe results by balancer rule and backend address; a backend not probed yet counts as healthy. */
    private final Map<String, Boolean> health = new java.util.concurrent.ConcurrentHashMap<>();
    private java.util.concurrent.ScheduledExecutorService prober;
    private boolean forwarding;
    static final java.time.Duration PROBE_INTERVAL = java.time.Duration.ofSeconds(2);

    public LinuxNetworkDriver(String applianceTag, CommandRunner runner) {
        this.names = LinuxNames.of(applianceTag);
        this.sh = runner;
    }

    LinuxNames names() { return names; }

    @Override
    public synchronized void apply(Topology t) {
        Map<String, String> links = links();
        Set<String> namespaces = namespaces();
        Set<String> wantedLinks = new HashSet<>();
        Set<String> wantedNamespaces = new HashSet<>();
        for (Topology.Network n : t.networks()) {
            ensureNetwork(n, t, links, namespaces);
            wantedLinks.add(names.bridge(n.key()));
            wantedLinks.add(names.routerPort(n.key()));
            wantedLinks.add(names.uplink(n.key()));
            wantedNamespaces.add(names.router(n.key()));
        }
        for (Topology.Interface i : t.interfaces()) {
            wantedLinks.add(names.veth(i.key()));
            wantedLinks.add(names.tap(i.key()));
            String bridge = names.bridge(i.network());
            for (String port : List.of(names.veth(i.key()), names.tap(i.key()))) {
                if (links.containsKey(port) && !bridge.equals(links.get(port))) ip("link", "set", port, "master", bridge, "up");
            }
        }
        applied = t;
        antiSpoofTable(t);
        securityTable(t);
        if (prober == null && t.balancers().stream().anyMatch(b -> b.probePort().isPresent())) {
            prober = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "network-probes-" + names.prefix());
                th.setDaemon(true);
                return th;
            });
            prober.scheduleWithFixedDelay(this::probe, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        for (String link : links.keySet()) {
            if (names.kindOf(link) != 0 && !wantedLinks.contains(link) && "bgutn".indexOf(names.kindOf(link)) >= 0) quietly("ip", "link", "del", link);
        }
        for (String ns : namespaces) {
            if (ns.startsWith(names.prefix() + "-r") && !wantedNamespaces.contains(ns)) {
                quietly("ip", "netns", "del", ns);
                loadedTables.remove(ns);
                realized.keySet().removeIf(k -> names.router(k).equals(ns));
            }
        }
    }

    private void ensureNetwork(Topology.Network n, Topology t, Map<String, String> links, Set<String> namespaces) {
        String bridge = names.bridge(n.key()), ns = names.router(n.key()), gw = names.routerPort(n.key()), up = names.uplink(n.key());
        String outbound = outboundAddresses(t).get(n.key());
        List<Object> wanted = List.of(n, outbound, t.publicAddresses().stream().filter(p -> p.network().equals(n.key())).toList(),
                t.balancers().stream().filter(b -> b.network().equals(n.key())).toList(), t.peeringsOf(n.key()),
                t.inboundNats().stream().filter(r -> r.network().equals(n.key())).toList());
        if (wanted.equals(realized.get(n.key())) && links.containsKey(bridge) && bridge.equals(links.get(gw)) && links.containsKey(up)
                && namespaces.contains(ns)) {
            return;
        }
        realized.remove(n.key());
        if (!links.containsKey(bridge)) ip("link", "add", bridge, "type", "bridge");
        // bridged IPv4 crosses the host's IP hooks, where the security table tracks connections
        ip("link", "set", bridge, "type", "bridge", "nf_call_iptables", "1");
        ip("link", "set", bridge, "up");
        if (!namespaces.contains(ns)) {
            ip("netns", "add", ns);
            ip("-n", ns, "link", "set", "lo", "up");
            sh.run(List.of("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"), null);
        }
        if (!links.containsKey(gw)) {
            quietly("ip", "-n", ns, "link", "del", "gw");
            ip("link", "add", gw, "type", "veth", "peer", "name", "gw", "netns", ns);
            ip("link", "set", gw, "master", bridge, "up");
            ip("-n", ns, "link", "set", "gw", "up");
        } else if (!bridge.equals(links.get(gw))) {
            ip("link", "set", gw, "master", bridge, "up");
        }
        if (!links.containsKey(up)) {
            quietly("ip", "-n", ns, "link", "del", "wan");
            ip("link", "add", up, "type", "veth", "peer", "name", "wan", "netns", ns);
            ip("addr", "add", HOST_UPLINK_ADDRESS + "/32", "dev", up);
            ip("link", "set", up, "up");
            ip("-n", ns, "addr", "add", ROUTER_UPLINK_ADDRESS + "/32", "dev", "wan");
            ip("-n", ns, "link", "set", "wan", "up");
            ip("-n", ns, "route", "add", HOST_UPLINK_ADDRESS + "/32", "dev", "wan");
            ip("-n", ns, "route", "add", "default", "via", HOST_UPLINK_ADDRESS, "dev", "wan", "onlink");
        }
        Set<String> gateways = new LinkedHashSet<>();
        for (Topology.Subnet s : n.subnets()) gateways.add(s.gateway() + "/" + s.cidr().substring(s.cidr().indexOf('/') + 1));
        reconcileAddresses(ns, "gw", gateways, Set.of());
        Set<String> publics = new LinkedHashSet<>();
        for (Topology.PublicAddress p : t.publicAddresses()) if (p.network().equals(n.key())) publics.add(p.address() + "/32");
        for (Topology.Balancer b : t.balancers()) if (b.network().equals(n.key())) publics.add(b.frontendAddress() + "/32");
        for (Topology.InboundNat r : t.inboundNats()) if (r.network().equals(n.key())) publics.add(r.frontendAddress() + "/32");
        publics.add(outbound + "/32");
        reconcileAddresses(ns, "wan", publics, Set.of(ROUTER_UPLINK_ADDRESS + "/32"));
        Set<String> hostRoutes = new HashSet<>();
        for (JsonNode r : json(sh.run(List.of("ip", "-j", "route", "show", "dev", up), null))) hostRoutes.add(r.path("dst").asText());
        for (String p : publics) {
            String dst = p.substring(0, p.indexOf('/'));
            if (!hostRoutes.remove(dst)) ip("route", "replace", p, "dev", up);
        }
        for (String stale : hostRoutes) quietly("ip", "route", "del", stale, "dev", up);
        Set<String> routes = new HashSet<>();
        for (JsonNode r : json(sh.run(List.of("ip", "-n", ns, "-j", "route", "show", "proto", "static"), null))) routes.add(r.path("dst").asText());
        for (Topology.StaticRoute r : n.routes()) {
            String dst = r.prefix().endsWith("/32") ? r.prefix().substring(0, r.prefix().length() - 3) : r.prefix();
            routes.remove(dst);
            quietly("ip", "-n", ns, "route", "replace", r.prefix(), "via", r.nextHop(), "proto", "static");
        }
        for (String stale : routes) quietly("ip", "-n", ns, "route", "del", stale, "proto", "static");
        peerings(n, t, ns);
        routerTable(n, t, ns);
        if (!forwarding) {
            // the host routes the networks' outbound traffic on (and the answers back)
            sh.run(List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1"), null);
            forwarding = true;
        }
        realized.put(n.key(), wanted);
    }

    static final String PEER_FIRST = "169.254.255.1", PEER_SECOND = "169.254.255.2";

    /**
     * Joins this network's router to each peered network's router with a veth pair ({@code pr<hash of the other>} on
     * both sides), addressed 169.254.255.1 (first network) / .2 (second), and routes the other's address space over it.
     * Pairs no longer peered are removed. The second network's turn finds the pair the first one made.
     */
    private void peerings(Topology.Network n, Topology t, String ns) {
        Set<String> have = new HashSet<>();
        for (JsonNode l : json(sh.run(List.of("ip", "-n", ns, "-j", "link", "show"), null))) {
            String name = l.path("ifname").asText();
            if (name.startsWith("pr")) have.add(name);
        }
        for (Topology.Peering p : t.peeringsOf(n.key())) {
            boolean first = p.first().equals(n.key());
            String other = first ? p.second() : p.first();
            String mine = "pr" + LinuxNames.hash(other), theirs = "pr" + LinuxNames.hash(n.key()), otherNs = names.router(other);
            if (!have.remove(mine)) {
                if (!namespaces().contains(otherNs)) continue; // the other router comes later in this apply and makes the pair
                ip("-n", ns, "link", "add", mine, "type", "veth", "peer", "name", theirs, "netns", otherNs);
                ip("-n", ns, "addr", "add", (first ? PEER_FIRST : PEER_SECOND) + "/32", "dev", mine);
                ip("-n", otherNs, "addr", "add", (first ? PEER_SECOND : PEER_FIRST) + "/32", "dev", theirs);
                ip("-n", ns, "link", "set", mine, "up");
                ip("-n", otherNs, "link", "set", theirs, "up");
                for (String space : first ? p.secondSpace() : p.firstSpace()) {
                    ip("-n", ns, "route", "replace", space, "via", first ? PEER_SECOND : PEER_FIRST, "dev", mine, "onlink");
                }
                for (String space : first ? p.firstSpace() : p.secondSpace()) {
                    ip("-n", otherNs, "route", "replace", space, "via", first ? PEER_FIRST : PEER_SECOND, "dev", theirs, "onlink");
                }
            }
        }
        for (String stale : have) quietly("ip", "-n", ns, "link", "del", stale);
    }

    private void reconcileAddresses(String ns, String dev, Set<String> wanted, Set<String> keep) {
        Set<String> have = new HashSet<>();
        for (JsonNode link : json(sh.run(List.of("ip", "-n", ns, "-j", "addr", "show", "dev", dev), null))) {
            for (JsonNode a : link.path("addr_info")) if (a.path("family").asText().equals("inet")) have.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
        }
        for (String a : wanted) if (!have.remove(a)) ip("-n", ns, "addr", "add", a, "dev", dev);
        for (String a : have) if (!keep.contains(a)) ip("-n", ns, "addr", "del", a, "dev", dev);
    }

    /** The router's NAT table: public addresses one to one, inbound NAT rules to their one backend, load-balancing rules spread over their backends. */
    private void routerTable(Topology.Network n, Topology t, String ns) {
        StringBuilder pre = new StringBuilder(), post = new StringBuilder();
        for (Topology.PublicAddress p : t.publicAddresses()) {
            if (!p.network().equals(n.key())) continue;
            pre.append("    ip daddr ").append(p.address()).append(" dnat to ").append(p.privateIp()).append('\n');
            post.append("    ip saddr ").append(p.privateIp()).append(" oifname \"wan\" snat to ").append(p.address()).append('\n');
        }
        // default outbound access: everything else leaves behind the network's outbound address, which the host masquerades
        if (!n.addressSpace().isEmpty()) {
            post.append("    ip saddr { ").append(String.join(", ", n.addressSpace())).append(" } oifname \"wan\" snat to ")
                    .append(outboundAddresses(t).get(n.key())).append('\n');
        }
        for (Topology.InboundNat r : t.inboundNats()) {
            if (!r.network().equals(n.key())) continue;
            for (String proto : r.protocol().equals("all") ? List.of("tcp", "udp") : List.of(r.protocol())) {
                pre.append("    ip daddr ").append(r.frontendAddress()).append(' ').append(proto).append(" dport ").append(r.frontendPort())
                        .append(" dnat ip to ").append(r.backend()).append(':').append(r.backendPort()).append('\n');
            }
        }
        for (Topology.Balancer b : t.balancers()) {
            if (!b.network().equals(n.key())) continue;
            List<String> protocols = b.protocol().equals("all") ? List.of("tcp", "udp") : List.of(b.protocol());
            List<String> healthy = b.backends().stream().filter(ip -> health.getOrDefault(b.key() + "|" + ip, true)).toList();
            if (healthy.isEmpty()) continue; // as in Azure: no healthy backend, no traffic
            StringJoiner map = new StringJoiner(", ", "{ ", " }");
            for (int i = 0; i < healthy.size(); i++) map.add(i + " : " + healthy.get(i) + " . " + b.backendPort());
            for (String proto : protocols) {
                pre.append("    ip daddr ").append(b.frontendAddress()).append(' ').append(proto).append(" dport ").append(b.frontendPort())
                        .append(" dnat ip to numgen inc mod ").append(healthy.size()).append(" map ").append(map).append('\n');
            }
        }
        String body = "table ip strato {\n  chain pre {\n    type nat hook prerouting priority dstnat; policy accept;\n" + pre
                + "  }\n  chain post {\n    type nat hook postrouting priority srcnat; policy accept;\n" + post + "  }\n}\n";
        if (body.equals(loadedTables.get(ns))) return;
        sh.run(List.of("ip", "netns", "exec", ns, "nft", "-f", "-"), "table ip strato {}\ndelete table ip strato\n" + body);
        loadedTables.put(ns, body);
    }

    /**
     * The host's {@code inet} table, replaced atomically: security groups, stateful. Bridged IPv4 traffic crosses the
     * host's IP hooks (br_netfilter, switched on per bridge with {@code nf_call_iptables}), where the kernel tracks
     * connections; the bridge family has no conntrack here (LOCAL-INFRA 3.2). A packet of a known flow (a reply, or an
     * ICMP error about it) passes, as in Azure; a new flow from an interface runs its outbound chain (found by the
     * bridge and source address), one to an interface its inbound chain (bridge and destination address). Each
     * network's bridge gets its own conntrack zone, so networks with the same address space never share flows.
     */
    private void securityTable(Topology t) {
        String table = names.table();
        if (t.networks().isEmpty()) {
            if (loadedTables.remove("inet " + table) != null || tableExists("inet", table)) quietly("nft", "delete", "table", "inet", table);
            return;
        }
        Map<String, String> fromAddresses = new java.util.LinkedHashMap<>(), toAddresses = new java.util.LinkedHashMap<>();
        StringBuilder chains = new StringBuilder();
        Set<String> groupsUsed = new LinkedHashSet<>();
        for (Topology.Interface i : t.interfaces()) {
            if (i.securityGroups().isEmpty()) continue;
            String h = LinuxNames.hash(i.key()), at = "\"" + names.bridge(i.network()) + "\" . " + i.ip();
            fromAddresses.putIfAbsent(at, "jump out_" + h);
            toAddresses.putIfAbsent(at, "jump in_" + h);
            for (String dir : List.of("in", "out")) {
                // every verdict but drop is return: the sender's outbound rules and the receiver's inbound rules both apply
                chains.append("  chain ").append(dir).append('_').append(h).append(" {\n");
                for (String g : i.securityGroups()) {
                    if (t.securityGroup(g).isEmpty()) continue;
                    chains.append("    jump g").append(dir).append('_').append(LinuxNames.hash(g)).append('\n');
                    groupsUsed.add(g);
                }
                chains.append("  }\n");
            }
        }
        for (String g : groupsUsed) {
            Topology.SecurityGroup group = t.securityGroup(g).orElseThrow();
            for (boolean inbound : List.of(true, false)) {
                chains.append("  chain g").append(inbound ? "in" : "out").append('_').append(LinuxNames.hash(g)).append(" {\n");
                for (Topology.Rule r : group.rules()) {
                    if (r.inbound() != inbound) continue;
                    for (String match : matches(r)) {
                        chains.append("    ").append(match).append(r.allow() ? "return" : "drop").append(" comment \"")
                                .append(r.name().replaceAll("[^A-Za-z0-9_.-]", "_")).append("\"\n");
                    }
                }
                chains.append("  }\n");
            }
        }
        StringJoiner zones = new StringJoiner(", ");
        zones(t).forEach((bridge, zone) -> zones.add("\"" + bridge + "\" : " + zone));
        StringBuilder body = new StringBuilder("table inet ").append(table).append(" {\n");
        body.append("  chain zone {\n    type filter hook prerouting priority raw; policy accept;\n");
        body.append("    ct zone set iifname map { ").append(zones).append(" }\n  }\n");
        body.append("  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        body.append("    ct state established,related accept\n");
        if (!fromAddresses.isEmpty()) {
            body.append("    iifname . ip saddr vmap { ").append(entries(fromAddresses)).append(" }\n");
            body.append("    oifname . ip daddr vmap { ").append(entries(toAddresses)).append(" }\n");
        }
        body.append("  }\n");
        // the outbound addresses leave the host behind its own address, except towards this appliance's routers
        body.append("  chain outbound {\n    type nat hook postrouting priority srcnat; policy accept;\n");
        body.append("    ip saddr { ").append(String.join(", ", outboundAddresses(t).values())).append(" } oifname != \"")
                .append(names.prefix()).append("*\" masquerade\n  }\n");
        body.append(chains).append("}\n");
        String text = body.toString();
        if (text.equals(loadedTables.get("inet " + table))) return;
        sh.run(List.of("nft", "-f", "-"), "table inet " + table + " {}\ndelete table inet " + table + "\n" + text);
        loadedTables.put("inet " + table, text);
    }

    /**
     * Each network's outbound address: a link-local /32 (169.254.1.1-169.254.254.254, from a hash of the appliance
     * prefix and the network) that the router puts its default-outbound traffic behind and the host routes back into
     * the router's uplink. A clash inside this appliance moves the later network (by key) to the next free address.
     */
    Map<String, String> outboundAddresses(Topology t) {
        Map<String, String> out = new java.util.TreeMap<>();
        Set<Integer> taken = new HashSet<>();
        taken.add(168 * 254 + 253); // 169.254.169.254, the metadata address
        t.networks().stream().map(Topology.Network::key).sorted().forEach(key -> {
            int h = Math.floorMod((names.prefix() + key).hashCode(), 254 * 254);
            while (!taken.add(h)) h = (h + 1) % (254 * 254);
            out.put(key, "169.254." + (1 + h / 254) + "." + (1 + h % 254));
        });
        return out;
    }

    /**
     * The bridge-family table that pins each port to its interface's addresses: a frame from a workload's port (veth
     * or tap) carrying another IPv4 source, or an ARP claim for another address, is dropped. The security table finds
     * an interface's rules by its address, so a workload must not speak with another's (Azure drops spoofed sources too).
     */
    private void antiSpoofTable(Topology t) {
        String table = names.table();
        if (t.interfaces().isEmpty()) {
            if (loadedTables.remove("bridge " + table) != null || tableExists("bridge", table)) quietly("nft", "delete", "table", "bridge", table);
            return;
        }
        Map<String, String> ports = new java.util.LinkedHashMap<>();
        StringBuilder chains = new StringBuilder();
        for (Topology.Interface i : t.interfaces()) {
            String h = LinuxNames.hash(i.key());
            if (ports.putIfAbsent("\"" + names.veth(i.key()) + "\"", "jump p_" + h) != null) continue;
            ports.put("\"" + names.tap(i.key()) + "\"", "jump p_" + h);
            chains.append("  chain p_").append(h).append(" {\n    ether type ip ip saddr != ").append(i.ip()).append(" drop\n")
                    .append("    ether type arp arp saddr ip != ").append(i.ip()).append(" drop\n  }\n");
        }
        String body = "table bridge " + table + " {\n  chain forward {\n    type filter hook forward priority filter; policy accept;\n"
                + "    iifname vmap { " + entries(ports) + " }\n  }\n" + chains + "}\n";
        if (body.equals(loadedTables.get("bridge " + table))) return;
        sh.run(List.of("nft", "-f", "-"), "table bridge " + table + " {}\ndelete table bridge " + table + "\n" + body);
        loadedTables.put("bridge " + table, body);
    }

    private static String entries(Map<String, String> map) {
        StringJoiner out = new StringJoiner(", ");
        map.forEach((k, v) -> out.add(k + " : " + v));
        return out.toString();
    }

    /**
     * A conntrack zone (1-65535) per network bridge, from a hash of its name so that a network keeps its zone as
     * others come and go; a clash inside this appliance moves the later network (by key) to the next free zone.
     */
    Map<String, Integer> zones(Topology t) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        Set<Integer> taken = new HashSet<>();
        t.networks().stream().map(n -> names.bridge(n.key())).sorted().forEach(bridge -> {
            int zone = 1 + Math.floorMod(bridge.hashCode(), 65535);
            while (!taken.add(zone)) zone = zone % 65535 + 1;
            out.put(bridge, zone);
        });
        return out;
    }

    /** The nft match expressions (each ending with a space) of one rule; several when protocols must be split. */
    static List<String> matches(Topology.Rule r) {
        StringBuilder m = new StringBuilder();
        String src = set(r.sourcePrefixes(), "0.0.0.0/0"), dst = set(r.destinationPrefixes(), "0.0.0.0/0");
        if (src != null) m.append("ip saddr ").append(src).append(' ');
        if (dst != null) m.append("ip daddr ").append(dst).append(' ');
        String sport = set(r.sourcePorts(), "*"), dport = set(r.destinationPorts(), "*");
        boolean ports = sport != null || dport != null;
        switch (r.protocol()) {
            case "tcp", "udp" -> m.append("meta l4proto ").append(r.protocol()).append(' ');
            case "icmp" -> {
                m.append("meta l4proto icmp ");
                ports = false;
            }
            default -> { if (ports) m.append("meta l4proto { tcp, udp } "); }
        }
        if (ports) {
            if (sport != null) m.append("th sport ").append(sport).append(' ');
            if (dport != null) m.append("th dport ").append(dport).append(' ');
        }
        return List.of(m.toString());
    }

    private static String set(List<String> values, String any) {
        if (values.isEmpty() || values.contains(any)) return null;
        return values.size() == 1 ? values.get(0) : "{ " + String.join(", ", values) + " }";
    }

    /**
     * One round of health probes: a TCP connect from each balancer's router to every backend on the probe port. A
     * backend whose answer changed moves in or out of its rule's DNAT map.
     */
    void probe() {
        try {
            Topology t = applied;
            Set<String> changed = new HashSet<>();
            for (Topology.Balancer b : t.balancers()) {
                if (b.probePort().isEmpty()) continue;
                for (String ip : b.backends()) {
                    boolean up;
                    try {
                        sh.run(List.of("ip", "netns", "exec", names.router(b.network()), "timeout", "1", "bash", "-c",
                                "exec 3<>/dev/tcp/" + ip + "/" + b.probePort().get()), null);
                        up = true;
                    } catch (NetworkDriverException e) {
                        up = false;
                    }
                    Boolean before = health.put(b.key() + "|" + ip, up);
                    if (before == null ? !up : before != up) changed.add(b.network());
                }
            }
            if (changed.isEmpty()) return;
            synchronized (this) {
                for (String network : changed) applied.network(network).ifPresent(n -> routerTable(n, applied, names.router(network)));
            }
        } catch (RuntimeException e) {
            // a probe round that fails (a router being removed) is simply repeated
        }
    }

    @Override
    public synchronized TapPort attachTap(ResourceId nicId) {
        Topology.Interface i = iface(nicId);
        PortConfig config = config(nicId);
        String tap = names.tap(i.key());
        quietly("ip", "link", "del", names.veth(i.key()));
        if (!links().containsKey(tap)) ip("tuntap", "add", "dev", tap, "mode", "tap");
        ip("link", "set", tap, "master", names.bridge(i.network()), "up");
        return new TapPort(tap, config);
    }

    @Override
    public synchronized NamespacePort attachNamespace(ResourceId nicId, Path netnsPath, String interfaceName) {
        Topology.Interface i = iface(nicId);
        PortConfig c = config(nicId);
        String veth = names.veth(i.key()), peer = names.prefix() + "p" + LinuxNames.hash(i.key());
        quietly("ip", "link", "del", names.tap(i.key()));
        quietly("ip", "link", "del", veth);
        ip("link", "add", veth, "type", "veth", "peer", "name", peer);
        ip("link", "set", peer, "netns", namespaceArgument(netnsPath));
        String ns = "--net=" + netnsPath;
        sh.run(List.of("nsenter", ns, "ip", "link", "set", peer, "name", interfaceName), null);
        sh.run(List.of("nsenter", ns, "ip", "link", "set", interfaceName, "address", c.mac()), null);
        sh.run(List.of("nsenter", ns, "ip", "addr", "add", c.cidr(), "dev", interfaceName), null);
        sh.run(List.of("nsenter", ns, "ip", "link", "set", "lo", "up"), null);
        sh.run(List.of("nsenter", ns, "ip", "link", "set", interfaceName, "up"), null);
        sh.run(List.of("nsenter", ns, "ip", "route", "replace", "default", "via", c.gateway(), "dev", interfaceName), null);
        ip("link", "set", veth, "master", names.bridge(i.network()), "up");
        return new NamespacePort(interfaceName, veth, c);
    }

    /** {@code ip link set ... netns} takes a name under /run/netns or a process id. */
    private static String namespaceArgument(Path netnsPath) {
        Path p = netnsPath.toAbsolutePath().normalize();
        if (p.getParent() != null && p.getParent().equals(Path.of("/run/netns"))) return p.getFileName().toString();
        if (p.startsWith("/proc") && p.getNameCount() >= 2) return p.getName(1).toString();
        throw new NetworkDriverException("network namespace path must be /run/netns/NAME or /proc/PID/ns/net: " + netnsPath);
    }

    @Override
    public synchronized void detach(ResourceId nicId) {
        quietly("ip", "link", "del", names.veth(nicId.key()));
        quietly("ip", "link", "del", names.tap(nicId.key()));
    }

    @Override
    public synchronized void destroyAll() {
        if (prober != null) {
            prober.shutdownNow();
            prober = null;
        }
        apply(Topology.empty());
        for (String link : links().keySet()) if (names.kindOf(link) != 0) quietly("ip", "link", "del", link);
        quietly("nft", "delete", "table", "inet", names.table());
        quietly("nft", "delete", "table", "bridge", names.table());
        loadedTables.clear();
        realized.clear();
    }

    private boolean tableExists(String family, String table) {
        try {
            sh.run(List.of("nft", "list", "table", family, table), null);
            return true;
        } catch (NetworkDriverException e) {
            return false;
        }
    }

    /** This appliance's links, each with the bridge it is plugged into ("" when none). */
    private Map<String, String> links() {
        Map<String, String> out = new HashMap<>();
        for (JsonNode l : json(sh.run(List.of("ip", "-j", "link", "show"), null))) {
            String name = l.path("ifname").asText();
            if (name.startsWith(names.prefix())) out.put(name, l.path("master").asText(""));
        }
        return out;
    }

    private Set<String> namespaces() {
        Set<String> out = new HashSet<>();
        for (JsonNode n : json(sh.run(List.of("ip", "-j", "netns", "list"), null))) {
            String name = n.path("name").asText();
            if (name.startsWith(names.prefix() + "-")) out.add(name);
        }
        return out;
    }

    private static JsonNode json(String text) {
        if (text == null || text.isBlank()) return JSON.createArrayNode();
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new NetworkDriverException("unreadable ip -j output: " + e.getMessage(), e);
        }
    }

    private void ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        sh.run(cmd, null);
    }

    /** Runs a command whose failure only means there was nothing to do (deleting what is already gone). */
    private void quietly(String... cmd) {
        try {
            sh.run(List.of(cmd), null);
        } catch (NetworkDriverException e) {
            // already absent
        }
    }
}
