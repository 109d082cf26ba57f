package io.strato.provider.storage.blob;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Shared access signatures: a service SAS (signed for one container or blob, {@code sr=c|b}) or an account SAS
 * ({@code ss}/{@code srt}), verified against the account keys, time window, IP range, protocol and permissions.
 * The string-to-sign follows the signed version {@code sv}.
 */
public final class Sas {
    private static final String V2015 = "2015-04-05", V2018 = "2018-11-09", V2020 = "2020-12-06";

    private Sas() {}

    /** Whether the request carries a SAS (a {@code sig} parameter). */
    public static boolean present(SignedRequest r) { return r.param("sig").isPresent(); }

    /** What is being accessed: the container and blob (either may be null for service-level operations). */
    public record Target(String account, String container, String blob, BlobOperation operation) {}

    /** A stored access policy a service SAS may name with {@code si}. */
    public record Policy(String start, String expiry, String permission) {}

    /**
     * Verifies the SAS of {@code r} for {@code target}.
     *
     * @param policies looks up a container's stored access policy by id (empty when none)
     * @throws BlobServiceException AuthenticationFailed (signature, time), AuthorizationPermissionMismatch,
     *                              AuthorizationSourceIPMismatch, AuthorizationProtocolMismatch, AuthorizationResourceTypeMismatch,
     *                              AuthorizationServiceMismatch
     */
    public static void verify(SignedRequest r, Target target, List<String> keys, String clientIp, Instant now,
                              Function<String, Optional<Policy>> policies) {
        String sv = r.param("sv").orElseThrow(() -> BlobErrorCode.AuthenticationFailed.exception("sv is mandatory."));
        String sig = r.param("sig").orElseThrow();
        boolean account = r.param("ss").isPresent() || r.param("srt").isPresent();
        String sp = r.param("sp").orElse(""), st = r.param("st").orElse(""), se = r.param("se").orElse("");
        String sip = r.param("sip").orElse(""), spr = r.param("spr").orElse("");
        if (sv.compareTo(V2015) < 0) throw BlobErrorCode.AuthenticationFailed.exception("Signed version " + sv + " is not supported.");

        String stringToSign;
        String permissions = sp, start = st, expiry = se;
        if (account) {
            String ss = r.param("ss").orElse(""), srt = r.param("srt").orElse("");
            stringToSign = String.join("\n", target.account(), sp, ss, srt, st, se, sip, spr, sv)
                    + (sv.compareTo(V2020) >= 0 ? "\n" + r.param("ses").orElse("") : "") + "\n";
            checkSignature(stringToSign, sig, keys);
            if (ss.indexOf('b') < 0) throw BlobErrorCode.AuthorizationServiceMismatch.exception();
            if (srt.indexOf(target.operation().resourceType()) < 0) throw BlobErrorCode.AuthorizationResourceTypeMismatch.exception();
        } else {
            String sr = r.param("sr").orElseThrow(() -> BlobErrorCode.AuthenticationFailed.exception("sr is mandatory."));
            String si = r.param("si").orElse("");
            String canonical = "/blob/" + target.account() + "/" + (target.container() == null ? "" : target.container())
                    + (sr.startsWith("b") && target.blob() != null ? "/" + target.blob() : "");
            StringBuilder b = new StringBuilder(String.join("\n", sp, st, se, canonical, si, sip, spr, sv));
            if (sv.compareTo(V2018) >= 0) b.append('\n').append(sr).append('\n').append(r.param("snapshot").orElse(""));
            if (sv.compareTo(V2020) >= 0) b.append('\n').append(r.param("ses").orElse(""));
            for (String p : List.of("rscc", "rscd", "rsce", "rscl", "rsct")) b.append('\n').append(r.param(p).orElse(""));
            stringToSign = b.toString();
            checkSignature(stringToSign, sig, keys);
            if (target.container() == null) throw BlobErrorCode.AuthorizationResourceTypeMismatch.exception();
            if (sr.startsWith("b") && target.blob() == null) throw BlobErrorCode.AuthorizationResourceTypeMismatch.exception();
            if (!si.isEmpty()) {
                Policy p = policies.apply(si).orElseThrow(() -> BlobErrorCode.AuthenticationFailed.exception(
                        "The signed identifier " + si + " does not name a stored access policy of the container."));
                if (permissions.isEmpty() && p.permission() != null) permissions = p.permission();
                if (start.isEmpty() && p.start() != null) start = p.start();
                if (expiry.isEmpty() && p.expiry() != null) expiry = p.expiry();
            }
        }
        if (expiry.isEmpty()) throw BlobErrorCode.AuthenticationFailed.exception("Signed expiry time is missing.");
        Instant notAfter = time(expiry);
        Instant notBefore = start.isEmpty() ? null : time(start);
        if (now.isAfter(notAfter) || (notBefore != null && now.isBefore(notBefore))) {
            throw BlobErrorCode.AuthenticationFailed.exception("Signed expiry time [" + expiry + "] must be after signed start time ["
                    + (start.isEmpty() ? "" : start) + "] and the current time [" + now + "] must lie between them.");
        }
        if (!spr.isEmpty() && !spr.contains("https")) throw BlobErrorCode.AuthorizationProtocolMismatch.exception();
        if (!sip.isEmpty() && !inRange(clientIp, sip)) {
            throw BlobErrorCode.AuthorizationSourceIPMismatch.exception("This request is not authorized to perform this operation using this source IP " + clientIp + ".");
        }
        if (!target.operation().allowedBy(permissions)) throw BlobErrorCode.AuthorizationPermissionMismatch.exception();
    }

    private static void checkSignature(String stringToSign, String sig, List<String> keys) {
        byte[] sent = sig.getBytes(StandardCharsets.UTF_8);
        for (String key : keys) {
            if (MessageDigest.isEqual(SharedKey.sign(key, stringToSign).getBytes(StandardCharsets.UTF_8), sent)) return;
        }
        throw BlobErrorCode.AuthenticationFailed.exception("Signature did not match. String to sign used was " + stringToSign);
    }

    /** SAS times: ISO-8601 in UTC with or without seconds' fraction, or a plain date. */
    static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text.replace("Z", ":00Z")).toInstant(); // 2025-01-01T10:00Z
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw BlobErrorCode.AuthenticationFailed.exception("The signed time '" + text + "' is not an ISO 8601 time.");
                }
            }
        }
    }

    /** Whether {@code ip} lies in {@code range} ({@code a.b.c.d} or {@code a.b.c.d-e.f.g.h}). */
    static boolean inRange(String ip, String range) {
        try {
            int dash = range.indexOf('-');
            String lo = dash < 0 ? range : range.substring(0, dash), hi = dash < 0 ? range : range.substring(dash + 1);
            byte[] a = InetAddress.getByName(ip).getAddress(), l = InetAddress.getByName(lo.trim()).getAddress(), h = InetAddress.getByName(hi.trim()).getAddress();
            if (a.length != l.length || a.length != h.length) return false;
            return compare(a, l) >= 0 && compare(a, h) <= 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int compare(byte[] x, byte[] y) {
        for (int i = 0; i < x.length; i++) {
            int c = Integer.compare(x[i] & 0xff, y[i] & 0xff);
            if (c != 0) return c;
        }
        return 0;
    }
}
