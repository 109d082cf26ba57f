package io.strato.provider.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the host objects one appliance makes, all starting with {@code s<tag>} so that two appliances (or two
 * test runs) on one host never collide and cleanup can find everything it made. Interface names stay within
 * Linux's 15 characters: {@code s<tag:6><kind:1><hash:7>}.
 */
record LinuxNames(String prefix) {
    static LinuxNames of(String tag) {
        String t = tag.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (t.isEmpty() || t.length() > 6) throw new IllegalArgumentException("appliance tag must be 1-6 letters or digits: '" + tag + "'");
        return new LinuxNames("s" + t);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 7);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The virtual network's bridge. */
    String bridge(String networkKey) { return prefix + "b" + hash(networkKey); }

    /** The host end of the veth from the bridge to the network's router. */
    String routerPort(String networkKey) { return prefix + "g" + hash(networkKey); }

    /** The host end of the router's uplink, where public addresses are routed. */
    String uplink(String networkKey) { return prefix + "u" + hash(networkKey); }

    /** The network namespace that routes between the network's subnets and translates its public addresses. */
    String router(String networkKey) { return prefix + "-r" + hash(networkKey); }

    /** The host end of a veth plugged into a workload's namespace. */
    String veth(String nicKey) { return prefix + "n" + hash(nicKey); }

    /** The tap device a VM opens. */
    String tap(String nicKey) { return prefix + "t" + hash(nicKey); }

    /** The bridge-family nftables table holding the security groups. */
    String table() { return prefix; }

    /** Kind letter of a link name this appliance made, or 0 when it is not one of ours. */
    char kindOf(String link) {
        return link.length() == prefix.length() + 8 && link.startsWith(prefix) ? link.charAt(prefix.length()) : 0;
    }
}
