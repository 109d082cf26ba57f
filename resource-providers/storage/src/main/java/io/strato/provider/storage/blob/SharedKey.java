package io.strato.provider.storage.blob;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shared Key authorization of the Blob service (version 2009-09-19 and later): the string-to-sign built from
 * the verb, the standard headers, the canonicalized {@code x-ms-} headers and the canonicalized resource, signed
 * with HMAC-SHA256 under one of the account's keys.
 */
public final class SharedKey {
    private static final List<String> STANDARD = List.of("Content-Encoding", "Content-Language", "Content-Length", "Content-MD5",
            "Content-Type", "Date", "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range");

    private SharedKey() {}

    /** The string a client signs for {@code request} to {@code account}, with the path as {@code path}. */
    public static String stringToSign(SignedRequest request, String account, String path) {
        StringBuilder b = new StringBuilder(request.method().toUpperCase(Locale.ROOT)).append('\n');
        for (String h : STANDARD) {
            String v = request.header(h).orElse("");
            if (h.equals("Content-Length") && v.equals("0")) v = ""; // from version 2015-02-21
            b.append(v).append('\n');
        }
        TreeMap<String, List<String>> ms = new TreeMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT).trim();
            if (name.startsWith("x-ms-")) ms.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue().trim());
        }
        ms.forEach((name, values) -> b.append(name).append(':').append(String.join(",", values)).append('\n'));
        b.append('/').append(account).append(path);
        TreeMap<String, List<String>> params = new TreeMap<>();
        request.query().forEach((k, v) -> params.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        params.forEach((name, values) -> {
            List<String> sorted = new ArrayList<>(values);
            java.util.Collections.sort(sorted);
            b.append('\n').append(name).append(':').append(String.join(",", sorted));
        });
        return b.toString();
    }

    /** Base64 HMAC-SHA256 of {@code text} under the base64 account key {@code key}. */
    public static String sign(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot sign with an account key", e);
        }
    }

    /**
     * Checks the {@code Authorization: SharedKey account:signature} header against the account's keys. Clients
     * sign the path as they sent it; a few sign it decoded, so both are tried.
     *
     * @throws BlobServiceException {@code InvalidAuthenticationInfo} for a malformed header, {@code AuthenticationFailed}
     *                              for another account or a wrong signature
     */
    public static void verify(SignedRequest request, String authorization, String account, List<String> keys) {
        String value = authorization.trim();
        if (!value.startsWith("SharedKey ")) throw BlobErrorCode.InvalidAuthenticationInfo.exception("The authorization scheme is not supported.");
        String credential = value.substring("SharedKey ".length()).trim();
        int colon = credential.lastIndexOf(':');
        if (colon <= 0) throw BlobErrorCode.InvalidAuthenticationInfo.exception("The Authorization header must be 'SharedKey account:signature'.");
        String claimed = credential.substring(0, colon);
        byte[] signature = credential.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        if (!claimed.equalsIgnoreCase(account)) {
            throw BlobErrorCode.AuthenticationFailed.exception("The account in the Authorization header is not the account of the request.");
        }
        List<String> paths = new ArrayList<>(List.of(request.rawPath()));
        String decoded = URLDecoder.decode(request.rawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        if (!decoded.equals(request.rawPath())) paths.add(decoded);
        for (String path : paths) {
            String sts = stringToSign(request, claimed, path);
            for (String key : keys) {
                if (MessageDigest.isEqual(sign(key, sts).getBytes(StandardCharsets.UTF_8), signature)) return;
            }
        }
        throw BlobErrorCode.AuthenticationFailed.exception("The MAC signature found in the HTTP request is not the same as any computed signature.");
    }
}
