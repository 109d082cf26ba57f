package io.strato.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficRecorderTest {
    @Test
    void anExchangeIsWrittenInOavTrafficFormat(@TempDir Path tmp) throws Exception {
        String url = "https://127.0.0.1:8443/subscriptions/s1/resourcegroups/rg1?api-version=2019-10-01";
        byte[] request = "{\"location\": \"local\", tags: {\"env\": \"dev\",},}".getBytes(StandardCharsets.UTF_8);
        String response = "{\"id\":\"/subscriptions/s1/resourceGroups/rg1\",\"name\":\"rg1\",\"location\":\"local\"}";
        JsonNode exchange = TrafficRecorder.exchange("PUT", url,
                Map.of("Authorization", List.of("Bearer secret.token"), "Content-Type", List.of("application/json")), request,
                201, Map.of("Content-Type", List.of("application/json"), "x-ms-request-id", List.of("r1")), response);

        Path dir = tmp.resolve("traffic");
        TrafficRecorder.write(dir, "x-000001-PUT-201.json", exchange);

        Path file = dir.resolve("x-000001-PUT-201.json");
        assertThat(dir).isDirectory();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("x-000001-PUT-201.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        String text = Files.readString(file);
        assertThat(text).doesNotContain("secret.token");
        JsonNode read = Json.STRICT.readTree(text); // strict JSON: oav loads it with require()
        assertThat(read.get("liveRequest").get("url").asText()).isEqualTo(url);
        assertThat(read.get("liveRequest").get("method").asText()).isEqualTo("PUT");
        assertThat(read.get("liveRequest").get("headers").get("Authorization").asText()).isEqualTo("REDACTED");
        assertThat(read.get("liveRequest").get("headers").get("Content-Type").asText()).isEqualTo("application/json");
        assertThat(read.at("/liveRequest/body/tags/env").asText()).isEqualTo("dev");
        assertThat(read.get("liveResponse").get("statusCode").isTextual()).isTrue();
        assertThat(read.get("liveResponse").get("statusCode").asText()).isEqualTo("201");
        assertThat(read.at("/liveResponse/headers/x-ms-request-id").asText()).isEqualTo("r1");
        assertThat(read.at("/liveResponse/body/name").asText()).isEqualTo("rg1");
        assertThat(read.fieldNames()).toIterable().containsExactly("liveRequest", "liveResponse");
    }

    @Test
    void emptyBodiesAreLeftOut() {
        JsonNode exchange = TrafficRecorder.exchange("DELETE", "https://h/subscriptions/s1/resourcegroups/rg1?api-version=2021-04-01",
                Map.of(), new byte[0], 202, Map.of("Location", List.of("https://h/op")), null);
        assertThat(exchange.get("liveRequest").has("body")).isFalse();
        assertThat(exchange.get("liveResponse").has("body")).isFalse();
        assertThat(exchange.at("/liveResponse/headers/Location").asText()).isEqualTo("https://h/op");
    }

    @Test
    void tokenMetadataAndHealthPathsAreNotRecorded() {
        for (String p : new String[] {"/adfs/oauth2/token", "/adfs", "/metadata/endpoints", "//metadata/endpoints",
                "/tenant-1/oauth2/v2.0/token", "/common/oauth2/token", "/tenant-1/v2.0/.well-known/openid-configuration", "/q/health", "/"}) {
            assertThat(TrafficRecorder.SKIP.matcher(p).matches()).as(p).isTrue();
        }
        for (String p : new String[] {"/subscriptions", "/subscriptions/s1/providers", "/tenants", "/providers/Microsoft.Storage"}) {
            assertThat(TrafficRecorder.SKIP.matcher(p).matches()).as(p).isFalse();
        }
    }
}
