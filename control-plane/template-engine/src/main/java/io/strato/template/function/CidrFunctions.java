package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.fn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;

/** CIDR functions (sys namespace), learn.microsoft.com .../template-functions-cidr. IPv4 and IPv6. */
public final class CidrFunctions {
    private CidrFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                fn("parseCidr", 1, 1, CidrFunctions::parseCidr),
                fn("cidrSubnet", 3, 3, CidrFunctions::cidrSubnet),
                fn("cidrHost", 2, 2, CidrFunctions::cidrHost));
    }

    record Cidr(BigInteger network, int prefix, int bits) {
        BigInteger size() { return BigInteger.ONE.shiftLeft(bits - prefix); }

        BigInteger last() { return network.add(size()).subtract(BigInteger.ONE); }

        BigInteger mask() { return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).xor(size().subtract(BigInteger.ONE)); }
    }

    static Cidr parse(Invocation c, String text) {
        int slash = text.indexOf('/');
        try {
            if (slash < 0) throw new IllegalArgumentException();
            String host = text.substring(0, slash);
            if (!host.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException();
            byte[] addr = InetAddress.getByName(host).getAddress();
            int bits = addr.length * 8;
            int prefix = Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > bits) throw new IllegalArgumentException();
            BigInteger value = new BigInteger(1, addr);
            BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
            return new Cidr(value.andNot(hostMask), prefix, bits);
        } catch (Exception e) {
            throw c.error("The template language function '" + c.name() + "' received an invalid CIDR block '" + text + "'.");
        }
    }

    static String address(BigInteger v, int bits) {
        byte[] raw = v.toByteArray();
        byte[] b = new byte[bits / 8];
        int copy = Math.min(raw.length, b.length);
        System.arraycopy(raw, raw.length - copy, b, b.length - copy, copy);
        if (bits == 32) return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) j++;
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    static JsonNode parseCidr(Invocation c) {
        Cidr cidr = parse(c, c.string(0));
        ObjectNode out = ArmValues.object();
        out.put("network", address(cidr.network(), cidr.bits()));
        out.put("netmask", address(cidr.mask(), cidr.bits()));
        boolean v4 = cidr.bits() == 32;
        if (v4) out.put("broadcast", address(cidr.last(), 32));
        BigInteger first = v4 && cidr.prefix() < 31 ? cidr.network().add(BigInteger.ONE) : cidr.network();
        BigInteger last = v4 && cidr.prefix() < 31 ? cidr.last().subtract(BigInteger.ONE) : cidr.last();
        out.put("firstUsable", address(first, cidr.bits()));
        out.put("lastUsable", address(last, cidr.bits()));
        out.put("cidr", (long) cidr.prefix());
        return out;
    }

    static JsonNode cidrSubnet(Invocation c) {
        Cidr cidr = parse(c, c.string(0));
        long newPrefix = c.integer(1), index = c.integer(2);
        if (newPrefix < cidr.prefix() || newPrefix > cidr.bits()) {
            throw c.error("The new prefix length " + newPrefix + " must be between " + cidr.prefix() + " and " + cidr.bits() + ".");
        }
        BigInteger count = BigInteger.ONE.shiftLeft((int) newPrefix - cidr.prefix());
        if (index < 0 || BigInteger.valueOf(index).compareTo(count) >= 0) {
            throw c.error("The subnet index " + index + " is out of range for " + count + " subnets.");
        }
        BigInteger start = cidr.network().add(BigInteger.valueOf(index).shiftLeft(cidr.bits() - (int) newPrefix));
        return ArmValues.of(address(start, cidr.bits()) + "/" + newPrefix);
    }

    static JsonNode cidrHost(Invocation c) {
        Cidr cidr = parse(c, c.string(0));
        long index = c.integer(1);
        boolean v4 = cidr.bits() == 32;
        BigInteger usable = v4 && cidr.prefix() < 31 ? cidr.size().subtract(BigInteger.TWO) : cidr.size().subtract(BigInteger.ONE);
        if (index < 0 || BigInteger.valueOf(index).compareTo(usable) >= 0) {
            throw c.error("The host index " + index + " is out of range for the CIDR block '" + c.string(0) + "'.");
        }
        return ArmValues.of(address(cidr.network().add(BigInteger.valueOf(index + 1)), cidr.bits()));
    }
}
