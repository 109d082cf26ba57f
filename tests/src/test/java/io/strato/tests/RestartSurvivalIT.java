package io.strato.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Resources outlive the process: the first run (before a restart) creates a group and a storage account;
 * the run after {@code ./strato up} was stopped and started again (-Dstrato.after-restart=true) finds them,
 * keys included, and the blobs committed before it (content and metadata): a small one, kept in its metadata row,
 * and one past 64 KiB, kept in a file.
 */
class RestartSurvivalIT {
    static final String RG = "rg-restart-check", SA = "sarestartcheck01", V = "?api-version=2022-09-01";
    final Arm arm = new Arm();

    @Test
    void groupsAccountsAndKeysSurviveARestart() throws Exception {
        String account = arm.sub() + "/resourceGroups/" + RG + "/providers/Microsoft.Storage/storageAccounts/" + SA + V;
        if (!Boolean.getBoolean("strato.after-restart")) {
            arm.put(arm.sub() + "/resourcegroups/" + RG + "?api-version=2021-04-01", "{\"location\":\"local\",\"tags\":{\"restart\":\"yes\"}}");
            Arm.Reply r = arm.put(account, "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\"}");
            if (r.status() == 202) arm.pollLocation(r.header("Location"));
            JsonNode keys = arm.send("POST", account.replace(V, "/listKeys" + V), null).json();
            java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "strato-restart-key"), keys.path("keys").get(0).path("value").asText());
            var c = blobs(keys.path("keys").get(0).path("value").asText(), account).getBlobContainerClient("survivors");
            if (!c.exists()) c.create();
            c.getBlobClient("kept.txt").upload(com.azure.core.util.BinaryData.fromString("committed before the restart"), true);
            c.getBlobClient("kept.txt").setMetadata(java.util.Map.of("when", "before"));
            c.getBlobClient("kept-large.bin").upload(com.azure.core.util.BinaryData.fromBytes(large()), true);
            return;
        }
        assertThat(arm.get(arm.sub() + "/resourcegroups/" + RG + "?api-version=2021-04-01").json().path("tags").path("restart").asText()).isEqualTo("yes");
        assertThat(arm.get(account).json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        String before = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "strato-restart-key"));
        assertThat(arm.send("POST", account.replace(V, "/listKeys" + V), null).json().path("keys").get(0).path("value").asText()).isEqualTo(before);
        var kept = blobs(before, account).getBlobContainerClient("survivors").getBlobClient("kept.txt");
        assertThat(kept.downloadContent().toString()).isEqualTo("committed before the restart");
        assertThat(kept.getProperties().getMetadata()).containsEntry("when", "before");
        var large = blobs(before, account).getBlobContainerClient("survivors").getBlobClient("kept-large.bin");
        assertThat(large.downloadContent().toBytes()).isEqualTo(large());
    }

    /** 100 KiB, the same on both runs. */
    private static byte[] large() {
        byte[] b = new byte[100 * 1024];
        new java.util.Random(100).nextBytes(b);
        return b;
    }

    /** The account's Blob endpoint, path style, with its key. */
    private com.azure.storage.blob.BlobServiceClient blobs(String key, String account) throws Exception {
        java.net.URI blob = java.net.URI.create(arm.get(account).json().path("properties").path("primaryEndpoints").path("blob").asText());
        return new com.azure.storage.blob.BlobServiceClientBuilder().endpoint("https://127.0.0.1:" + blob.getPort() + "/" + SA)
                .credential(new com.azure.storage.common.StorageSharedKeyCredential(SA, key)).buildClient();
    }
}
