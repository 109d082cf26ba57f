package io.strato.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Resources outlive the process: the first run (before a restart) creates a group and a storage account;
 * the run after {@code ./strato up} was stopped and started again (-Dstrato.after-restart=true) finds them,
 * keys included.
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
            return;
        }
        assertThat(arm.get(arm.sub() + "/resourcegroups/" + RG + "?api-version=2021-04-01").json().path("tags").path("restart").asText()).isEqualTo("yes");
        assertThat(arm.get(account).json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        String before = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "strato-restart-key"));
        assertThat(arm.send("POST", account.replace(V, "/listKeys" + V), null).json().path("keys").get(0).path("value").asText()).isEqualTo(before);
    }
}
