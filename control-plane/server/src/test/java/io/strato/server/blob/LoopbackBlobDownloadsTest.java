package io.strato.server.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which URLs name this appliance's Blob endpoint, and the account and path a download asks the endpoint for. */
class LoopbackBlobDownloadsTest {
    static Optional<String> target(String url) {
        return LoopbackBlobDownloads.target(URI.create(url), 8444, "storage.strato.local", "cloud.example.org").map(t -> t[0] + " " + t[1]);
    }

    @Test
    void host_style_urls_on_the_blob_port_name_their_account() {
        assertThat(target("https://acct.blob.storage.strato.local:8444/scripts/tools/a%20b.sh?sv=1&sig=x")).contains("acct /scripts/tools/a%20b.sh");
        assertThat(target("https://ACCT.blob.Storage.Strato.Local:8444/c/b")).contains("acct /c/b");
    }

    @Test
    void path_style_urls_on_the_appliances_own_host_or_loopback_name_their_first_segment() {
        assertThat(target("https://cloud.example.org:8444/acct/c/b")).contains("acct /c/b");
        assertThat(target("https://127.0.0.1:8444/acct/c/b")).contains("acct /c/b");
    }

    @Test
    void other_hosts_ports_schemes_and_nested_names_are_not_the_appliance() {
        assertThat(target("https://raw.githubusercontent.com/a/b/c.sh")).isEmpty();
        assertThat(target("https://acct.blob.storage.strato.local/c/b")).as("port 443 is not the Blob port").isEmpty();
        assertThat(target("http://acct.blob.storage.strato.local:8444/c/b")).isEmpty();
        assertThat(target("https://x.acct.blob.storage.strato.local:8444/c/b")).isEmpty();
        assertThat(target("https://acct.blob.core.windows.net:8444/c/b")).isEmpty();
        assertThat(target("https://127.0.0.1:8444/acct")).as("no container or blob").isEmpty();
    }
}
