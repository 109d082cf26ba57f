package io.strato.template.function;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * The two deterministic hashes of the ARM language.
 *
 * <p>uniqueString: Azure joins the arguments with '-' and hashes the UTF-8 bytes with the MurmurHash64 variant of
 * Microsoft.PowerPlatform.ResourceStack (two interleaved 32-bit MurmurHash3-style lanes with their own constants),
 * then writes the top 65 bits as 13 lower-case base32 characters (a-z2-7). The algorithm was reconstructed from public
 * re-implementations that quote Azure's outputs; UniqueStringTest pins it to values observed on Azure.
 *
 * <p>guid: an RFC 4122 version-5 (SHA-1, name-based) UUID of the '-'-joined arguments in the fixed namespace
 * 11fb06fb-712d-4ddd-98c7-e71bbd588830 (the namespace Bicep's documentation and many tools use to reproduce ARM's guid()).
 */
public final class ArmHashing {
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final UUID GUID_NAMESPACE = UUID.fromString("11fb06fb-712d-4ddd-98c7-e71bbd588830");

    private ArmHashing() {}

    public static String uniqueString(List<String> parts) {
        long h = murmurHash64(String.join("-", parts).getBytes(StandardCharsets.UTF_8));
        char[] out = new char[13];
        for (int i = 0; i < 13; i++) {
            out[i] = BASE32.charAt((int) (h >>> 59));
            h <<= 5;
        }
        return new String(out);
    }

    public static String guid(List<String> parts) {
        return uuidV5(GUID_NAMESPACE, String.join("-", parts)).toString();
    }

    static UUID uuidV5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] ns = new byte[16];
            long msb = namespace.getMostSignificantBits(), lsb = namespace.getLeastSignificantBits();
            for (int i = 0; i < 8; i++) {
                ns[i] = (byte) (msb >>> (56 - 8 * i));
                ns[8 + i] = (byte) (lsb >>> (56 - 8 * i));
            }
            sha1.update(ns);
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            long hi = 0, lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (hash[i] & 0xff);
                lo = (lo << 8) | (hash[8 + i] & 0xff);
            }
            return new UUID(hi, lo);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long murmurHash64(byte[] data) {
        final int c1 = 0xAB0E9789, c2 = 0x239B961B, c3 = 0x85EBCA6B, c4 = 0xC2B2AE35;
        int length = data.length;
        int h1 = 0, h2 = 0;
        int i = 0;
        for (; i + 7 < length; i += 8) {
            int k1 = le32(data, i), k2 = le32(data, i + 4);
            k1 = Integer.rotateLeft(k1 * c2, 15) * c1;
            h1 = (Integer.rotateLeft(h1 ^ k1, 19) + h2) * 5 + 0x561CCD1B;
            k2 = Integer.rotateLeft(k2 * c1, 17) * c2;
            h2 = (Integer.rotateLeft(h2 ^ k2, 13) + h1) * 5 + 0x0BCAA747;
        }
        int rem = length - i;
        if (rem > 0) {
            int k1 = rem >= 4 ? le32(data, i) : partial(data, i, rem);
            h1 ^= Integer.rotateLeft(k1 * c2, 15) * c1;
            if (rem > 4) {
                int k2 = partial(data, i + 4, rem - 4);
                h2 ^= Integer.rotateLeft(k2 * c1, 17) * c2;
            }
        }
        h2 ^= length;
        h1 = (h1 ^ length) + h2;
        h2 += h1;
        h1 = fmix(h1, c3, c4);
        h2 = fmix(h2, c3, c4);
        h1 += h2;
        h2 += h1;
        return ((long) h2 << 32) | (h1 & 0xFFFFFFFFL);
    }

    private static int fmix(int h, int c3, int c4) {
        h = (h ^ (h >>> 16)) * c3;
        h = (h ^ (h >>> 13)) * c4;
        return h ^ (h >>> 16);
    }

    private static int le32(byte[] d, int o) {
        return (d[o] & 0xff) | (d[o + 1] & 0xff) << 8 | (d[o + 2] & 0xff) << 16 | (d[o + 3] & 0xff) << 24;
    }

    private static int partial(byte[] d, int o, int n) {
        int k = 0;
        for (int j = n - 1; j >= 0; j--) k = (k << 8) | (d[o + j] & 0xff);
        return k;
    }
}
