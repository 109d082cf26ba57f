package io.strato.provider.storage.blob;

import static io.strato.provider.storage.blob.SharedKeyTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SasTest {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    /** A service SAS for container {@code c} of {@code acct}, signed as the SDKs do at version {@code sv}. */
    static Map<String, List<String>> containerSas(String sv, String sp, String st, String se, String sip, String key) {
        String sts = sv.compareTo("2020-12-06") >= 0
                ? String.join("\n", sp, st, se, "/blob/acct/c", "", sip, "https", sv, "c", "", "", "", "", "", "", "")
                : String.join("\n", sp, st, se, "/blob/acct/c", "", sip, "https", sv, "c", "", "", "", "", "", "");
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("sv", List.of(sv));
        q.put("sp", List.of(sp));
        if (!st.isEmpty()) q.put("st", List.of(st));
        q.put("se", List.of(se));
        if (!sip.isEmpty()) q.put("sip", List.of(sip));
        q.put("spr", List.of("https"));
        q.put("sr", List.of("c"));
        q.put("sig", List.of(SharedKey.sign(key, sts)));
        return q;
    }

    static void verify(Map<String, List<String>> q, BlobOperation op, String blob, String ip) {
        Sas.verify(new SignedRequest("GET", "/acct/c", q, List.of()), new Sas.Target("acct", "c", blob, op), List.of(KEY), ip, NOW,
                id -> Optional.empty());
    }

    static BlobErrorCode refusal(Runnable r) {
        try {
            r.run();
        } catch (BlobServiceException e) {
            return (BlobErrorCode) e.code();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void a_container_sas_of_a_current_version_grants_what_it_says() {
        verify(containerSas("2021-08-06", "rl", "", "2025-06-02T00:00:00Z", "", KEY), BlobOperation.LIST_BLOBS, null, "127.0.0.1");
        verify(containerSas("2021-08-06", "rl", "", "2025-06-02T00:00:00Z", "", KEY), BlobOperation.GET_BLOB, "x/y.txt", "127.0.0.1");
    }

    @Test
    void a_container_sas_of_a_2019_version_has_no_encryption_scope_line() {
        verify(containerSas("2019-02-02", "r", "", "2025-06-02", "", KEY), BlobOperation.GET_BLOB, "b", "127.0.0.1");
    }

    @Test
    void an_expired_sas_is_authentication_failed() {
        assertThat(refusal(() -> verify(containerSas("2021-08-06", "r", "", "2025-06-01T11:00:00Z", "", KEY), BlobOperation.GET_BLOB, "b", "127.0.0.1")))
                .isEqualTo(BlobErrorCode.AuthenticationFailed);
    }

    @Test
    void a_sas_not_yet_valid_is_authentication_failed() {
        assertThat(refusal(() -> verify(containerSas("2021-08-06", "r", "2025-06-01T13:00:00Z", "2025-06-02T00:00:00Z", "", KEY),
                BlobOperation.GET_BLOB, "b", "127.0.0.1"))).isEqualTo(BlobErrorCode.AuthenticationFailed);
    }

    @Test
    void a_missing_permission_is_authorization_permission_mismatch() {
        assertThat(refusal(() -> verify(containerSas("2021-08-06", "rl", "", "2025-06-02T00:00:00Z", "", KEY), BlobOperation.PUT_BLOB, "b", "127.0.0.1")))
                .isEqualTo(BlobErrorCode.AuthorizationPermissionMismatch);
    }

    @Test
    void a_sas_signed_with_another_key_is_authentication_failed() {
        assertThat(refusal(() -> verify(containerSas("2021-08-06", "r", "", "2025-06-02T00:00:00Z", "", SharedKeyTest.OTHER_KEY),
                BlobOperation.GET_BLOB, "b", "127.0.0.1"))).isEqualTo(BlobErrorCode.AuthenticationFailed);
    }

    @Test
    void a_tampered_permission_breaks_the_signature() {
        Map<String, List<String>> q = containerSas("2021-08-06", "r", "", "2025-06-02T00:00:00Z", "", KEY);
        q.put("sp", List.of("rwd"));
        assertThat(refusal(() -> verify(q, BlobOperation.DELETE_BLOB, "b", "127.0.0.1"))).isEqualTo(BlobErrorCode.AuthenticationFailed);
    }

    @Test
    void a_client_outside_the_ip_range_is_refused() {
        Map<String, List<String>> q = containerSas("2021-08-06", "r", "", "2025-06-02T00:00:00Z", "10.0.0.1-10.0.0.9", KEY);
        verify(q, BlobOperation.GET_BLOB, "b", "10.0.0.5");
        assertThat(refusal(() -> verify(q, BlobOperation.GET_BLOB, "b", "127.0.0.1"))).isEqualTo(BlobErrorCode.AuthorizationSourceIPMismatch);
    }

    /** An account SAS as the SDKs sign it from version 2020-12-06 (with the encryption scope line). */
    static Map<String, List<String>> accountSas(String ss, String srt, String sp) {
        String sts = String.join("\n", "acct", sp, ss, srt, "", "2025-06-02T00:00:00Z", "", "https", "2021-08-06", "") + "\n";
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("sv", List.of("2021-08-06"));
        q.put("ss", List.of(ss));
        q.put("srt", List.of(srt));
        q.put("sp", List.of(sp));
        q.put("se", List.of("2025-06-02T00:00:00Z"));
        q.put("spr", List.of("https"));
        q.put("sig", List.of(SharedKey.sign(KEY, sts)));
        return q;
    }

    @Test
    void an_account_sas_covers_the_resource_types_it_names() {
        verify(accountSas("b", "sco", "rwdlac"), BlobOperation.PUT_BLOB, "b", "127.0.0.1");
        assertThat(refusal(() -> verify(accountSas("b", "s", "rwdlac"), BlobOperation.PUT_BLOB, "b", "127.0.0.1")))
                .isEqualTo(BlobErrorCode.AuthorizationResourceTypeMismatch);
        assertThat(refusal(() -> verify(accountSas("q", "sco", "rwdlac"), BlobOperation.PUT_BLOB, "b", "127.0.0.1")))
                .isEqualTo(BlobErrorCode.AuthorizationServiceMismatch);
    }

    @Test
    void a_stored_access_policy_supplies_what_the_sas_leaves_out() {
        String sts = String.join("\n", "", "", "", "/blob/acct/c", "policy1", "", "", "2021-08-06", "c", "", "", "", "", "", "", "");
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("sv", List.of("2021-08-06"));
        q.put("sr", List.of("c"));
        q.put("si", List.of("policy1"));
        q.put("sig", List.of(SharedKey.sign(KEY, sts)));
        Sas.verify(new SignedRequest("GET", "/", q, List.of()), new Sas.Target("acct", "c", "b", BlobOperation.GET_BLOB), List.of(KEY), "127.0.0.1",
                NOW, id -> Optional.of(new Sas.Policy(null, "2025-06-02T00:00:00Z", "r")));
    }
}
