package io.strato.provider.network;

import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import java.util.Optional;

/** An IPv4 prefix such as {@code 10.0.1.0/24}, with the address arithmetic virtual networks need. */
public record Cidr(long base, int length) {
    public Cidr {
        if (length < 0 || length > 32) throw new IllegalArgumentException("prefix length " + length);
        base &= mask(length);
    }

    /** Parses {@code a.b.c.d/n}, or empty when it is not one. Host bits may be set (see {@link #isCanonical}). */
    public static Optional<Cidr> tryParse(String text) {
        if (text == null) return Optional.empty();
        int slash = text.indexOf('/');
        if (slash < 0) return Optional.empty();
        Optional<Long> a = address(text.substring(0, slash));
        try {
            int n = Integer.parseInt(text.substring(slash + 1));
            if (a.isEmpty() || n < 0 || n > 32) return Optional.empty();
            return Optional.of(new Cidr(a.get(), n));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses a prefix as Azure validates one: not CIDR at all is {@code InvalidAddressPrefixFormat}, host bits set is
     * {@code InvalidCIDRNotation} (Azure names the canonical form in the message).
     */
    public static Cidr require(String text, String owner, String target) {
        Cidr c = tryParse(text).orElseThrow(() -> ArmErrorCode.InvalidAddressPrefixFormat.exception("Address prefix " + text + " of resource "
                + owner + " is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.", target));
        long given = address(text.substring(0, text.indexOf('/'))).orElseThrow();
        if (given != c.base()) {
            throw ArmErrorCode.InvalidCIDRNotation.exception("The address prefix " + text + " in resource " + owner
                    + " has an invalid CIDR notation. For the given prefix length, the address prefix should be " + c + ".", target);
        }
        return c;
    }

    /** A dotted-quad IPv4 address as a number, or empty. */
    public static Optional<Long> address(String text) {
        if (text == null) return Optional.empty();
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) return Optional.empty();
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return Optional.empty();
            int o = Integer.parseInt(p);
            if (o > 255) return Optional.empty();
            v = (v << 8) | o;
        }
        return Optional.of(v);
    }

    public static String format(long a) {
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }

    static long mask(int length) { return length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL; }

    public long size() { return 1L << (32 - length); }

    public long last() { return base + size() - 1; }

    public boolean contains(long address) { return address >= base && address <= last(); }

    public boolean contains(Cidr other) { return other.base >= base && other.last() <= last(); }

    public boolean overlaps(Cidr other) { return base <= other.last() && other.base <= last(); }

    /** The subnet's gateway: its first address ({@code .1}), as in Azure. */
    public String gateway() { return format(base + 1); }

    /** The first address Azure hands out: {@code .4} (it keeps {@code .0}-{@code .3} and the broadcast address). */
    public long firstAssignable() { return base + 4; }

    /** The last address Azure hands out: the one before the broadcast address. */
    public long lastAssignable() { return last() - 1; }

    @Override
    public String toString() { return format(base) + "/" + length; }

    static ArmException notAnAddress(String text, String target) {
        return ArmErrorCode.InvalidRequestPropertyValue.exception("The value '" + text + "' is not a valid IPv4 address.", target);
    }
}
