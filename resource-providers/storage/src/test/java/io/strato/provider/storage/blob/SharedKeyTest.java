package io.strato.provider.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedKeyTest {
    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    static SignedRequest request(String method, String path, Map<String, List<String>> query, List<Map.Entry<String, String>> headers) {
        return new SignedRequest(method, path, query, headers);
    }

    @Test
    void the_string_to_sign_of_the_documented_container_metadata_example() {
        // GET https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=metadata
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("restype", List.of("container"));
        q.put("comp", List.of("metadata"));
        SignedRequest r = request("GET", "/mycontainer", q, List.of(
                Map.entry("x-ms-version", "2015-02-21"), Map.entry("x-ms-date", "Fri, 26 Jun 2015 23:39:12 GMT")));

        assertThat(SharedKey.stringToSign(r, "myaccount", r.rawPath())).isEqualTo(
                "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n"
                        + "/myaccount/mycontainer\ncomp:metadata\nrestype:container");
    }

    @Test
    void repeated_parameters_are_sorted_and_joined_and_names_lower_cased() {
        // the documented List Blobs example: include=snapshots&include=metadata&include=uncommittedblobs
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("restype", List.of("container"));
        q.put("comp", List.of("list"));
        q.put("Include", List.of("snapshots", "metadata", "uncommittedblobs"));
        SignedRequest r = request("GET", "/mycontainer", q, List.of());

        assertThat(SharedKey.stringToSign(r, "myaccount", r.rawPath()))
                .endsWith("/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots,uncommittedblobs\nrestype:container");
    }

    @Test
    void a_zero_content_length_is_signed_as_empty_and_standard_headers_keep_their_order() {
        SignedRequest r = request("PUT", "/c/b", Map.of(), List.of(Map.entry("Content-Length", "0"), Map.entry("Content-Type", "text/plain"),
                Map.entry("If-Match", "\"e\""), Map.entry("Range", "bytes=0-1")));

        assertThat(SharedKey.stringToSign(r, "acct", r.rawPath())).isEqualTo("PUT\n\n\n\n\ntext/plain\n\n\n\"e\"\n\n\nbytes=0-1\n/acct/c/b");
    }

    @Test
    void a_request_signed_with_either_key_is_accepted() {
        SignedRequest r = request("GET", "/acct/c/b", Map.of(), List.of(Map.entry("x-ms-date", "now")));
        String signature = SharedKey.sign(OTHER_KEY, SharedKey.stringToSign(r, "acct", r.rawPath()));

        SharedKey.verify(r, "SharedKey acct:" + signature, "acct", List.of(KEY, OTHER_KEY));
    }

    @Test
    void a_path_signed_decoded_is_accepted_too() {
        SignedRequest r = request("GET", "/c/a%20b", Map.of(), List.of());
        String signature = SharedKey.sign(KEY, SharedKey.stringToSign(r, "acct", "/c/a b"));

        SharedKey.verify(r, "SharedKey acct:" + signature, "acct", List.of(KEY));
    }

    @Test
    void a_signature_made_with_another_key_is_refused() {
        SignedRequest r = request("GET", "/c/b", Map.of(), List.of());
        String signature = SharedKey.sign(OTHER_KEY, SharedKey.stringToSign(r, "acct", r.rawPath()));

        assertThatThrownBy(() -> SharedKey.verify(r, "SharedKey acct:" + signature, "acct", List.of(KEY)))
                .isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(BlobErrorCode.AuthenticationFailed));
    }

    @Test
    void a_signature_for_another_account_is_refused() {
        SignedRequest r = request("GET", "/c/b", Map.of(), List.of());
        String signature = SharedKey.sign(KEY, SharedKey.stringToSign(r, "other", r.rawPath()));

        assertThatThrownBy(() -> SharedKey.verify(r, "SharedKey other:" + signature, "acct", List.of(KEY)))
                .isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(BlobErrorCode.AuthenticationFailed));
    }

    @Test
    void a_changed_header_breaks_the_signature() {
        SignedRequest signed = request("PUT", "/c/b", Map.of(), List.of(Map.entry("x-ms-meta-a", "1")));
        String signature = SharedKey.sign(KEY, SharedKey.stringToSign(signed, "acct", signed.rawPath()));
        SignedRequest sent = request("PUT", "/c/b", Map.of(), List.of(Map.entry("x-ms-meta-a", "2")));

        assertThatThrownBy(() -> SharedKey.verify(sent, "SharedKey acct:" + signature, "acct", List.of(KEY)))
                .isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(BlobErrorCode.AuthenticationFailed));
    }

    @Test
    void a_malformed_authorization_header_is_invalid_authentication_info() {
        SignedRequest r = request("GET", "/c", Map.of(), List.of());

        assertThatThrownBy(() -> SharedKey.verify(r, "SharedKey nocolon", "acct", List.of(KEY)))
                .isInstanceOfSatisfying(BlobServiceException.class, e -> assertThat(e.code()).isEqualTo(BlobErrorCode.InvalidAuthenticationInfo));
    }
}
