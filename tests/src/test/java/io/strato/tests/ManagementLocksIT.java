package io.strato.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Management locks ({@code Microsoft.Authorization/locks}) as a user meets them: created on a group or a resource,
 * listed, refusing deletes (CanNotDelete) and writes and actions (ReadOnly) with 409 ScopeLocked, honoured by a
 * template that declares one and by a Complete-mode deployment, and gone once deleted.
 */
class ManagementLocksIT {
    static final String RG_V = "?api-version=2021-04-01", SA_V = "?api-version=2022-09-01", L_V = "?api-version=2016-09-01";
    static final Arm arm = new Arm();
    static final Deploy deploy = new Deploy(arm);
    static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    static final List<String> groups = new ArrayList<>();

    @AfterAll
    static void unlockAndDeleteGroups() throws Exception {
        for (String g : groups) {
            for (JsonNode l : arm.get(groupUrl(g) + "/providers/Microsoft.Authorization/locks" + L_V).json().path("value")) {
                arm.delete(l.path("id").asText() + L_V);
            }
            arm.delete(groupUrl(g) + RG_V);
        }
    }

    static String groupUrl(String g) { return arm.sub() + "/resourceGroups/" + g; }

    static String group(String purpose) throws Exception {
        String name = "rg-lock-" + purpose + "-" + RUN;
        Arm.Reply r = arm.put(groupUrl(name) + RG_V, "{\"location\":\"local\"}");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        groups.add(name);
        return name;
    }

    static String account(String rg, String tag) throws Exception {
        String name = ("sl" + tag + RUN + UUID.randomUUID().toString().replace("-", "")).substring(0, 24);
        String url = groupUrl(rg) + "/providers/Microsoft.Storage/storageAccounts/" + name;
        Arm.Reply r = arm.put(url + SA_V, "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\"}");
        if (r.status() == 202) arm.pollLocation(r.header("Location"));
        assertThat(arm.get(url + SA_V).status()).isEqualTo(200);
        return url;
    }

    static Arm.Reply lock(String scopeUrl, String name, String level) throws Exception {
        return arm.put(scopeUrl + "/providers/Microsoft.Authorization/locks/" + name + L_V, "{\"properties\":{\"level\":\"" + level + "\",\"notes\":\"kept by the test\"}}");
    }

    static List<String> names(JsonNode list) {
        return StreamSupport.stream(list.path("value").spliterator(), false).map(n -> n.path("name").asText()).toList();
    }

    @Test
    void aCanNotDeleteLockOnAnAccountRefusesDeletingItAndItsGroupButAllowsUpdates() throws Exception {
        String rg = group("cnd");
        String sa = account(rg, "c");
        Arm.Reply created = lock(sa, "keep", "CanNotDelete");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("id").asText()).isEqualToIgnoringCase(sa + "/providers/Microsoft.Authorization/locks/keep");
        assertThat(created.json().path("properties").path("level").asText()).isEqualTo("CanNotDelete");
        assertThat(lock(sa, "keep", "CanNotDelete").status()).as("a second PUT replaces").isEqualTo(200);

        Arm.Reply del = arm.delete(sa + SA_V);
        assertThat(del.status()).isEqualTo(409);
        assertThat(del.errorCode()).isEqualTo("ScopeLocked");
        assertThat(del.json().path("error").path("message").asText()).contains("cannot perform delete operation").containsIgnoringCase(sa);
        Arm.Reply delGroup = arm.delete(groupUrl(rg) + RG_V);
        assertThat(delGroup.status()).as("the group holds a locked account").isEqualTo(409);
        assertThat(delGroup.errorCode()).isEqualTo("ScopeLocked");
        assertThat(arm.send("PATCH", sa + SA_V, "{\"tags\":{\"still\":\"writable\"}}").status()).isEqualTo(200);
        // a deployment in the group is written, but its record cannot be deleted under the group's CanNotDelete lock
        assertThat(lock(groupUrl(rg), "group-keep", "CanNotDelete").status()).isEqualTo(201);
        JsonNode empty = Deploy.json("""
                {"$schema": "%s", "contentVersion": "1.0.0.0", "resources": []}""".formatted(Deploy.SCHEMA));
        assertThat(Deploy.state(deploy.run(rg, "history", Deploy.body(empty, null)))).isEqualTo("Succeeded");
        Arm.Reply record = arm.delete(deploy.url(rg, "history") + RG_V);
        assertThat(record.status()).isEqualTo(409);
        assertThat(record.errorCode()).isEqualTo("ScopeLocked");
        assertThat(arm.delete(groupUrl(rg) + "/providers/Microsoft.Authorization/locks/group-keep" + L_V).status()).isEqualTo(200);

        assertThat(arm.delete(sa + "/providers/Microsoft.Authorization/locks/keep" + L_V).status()).isEqualTo(200);
        assertThat(arm.delete(sa + "/providers/Microsoft.Authorization/locks/keep" + L_V).status()).isEqualTo(204);
        assertThat(arm.delete(sa + SA_V).status()).as("unlocked, it goes").isIn(200, 202, 204);
    }

    @Test
    void aReadOnlyLockOnAGroupRefusesWritesAndListKeysBelowIt() throws Exception {
        String rg = group("ro");
        String sa = account(rg, "r");
        assertThat(lock(groupUrl(rg), "frozen", "ReadOnly").status()).isEqualTo(201);

        Arm.Reply patch = arm.send("PATCH", sa + SA_V, "{\"tags\":{\"a\":\"b\"}}");
        assertThat(patch.status()).isEqualTo(409);
        assertThat(patch.json().path("error").path("message").asText()).contains("cannot perform write operation");
        Arm.Reply keys = arm.send("POST", sa + "/listKeys" + SA_V, null);
        assertThat(keys.status()).as("listKeys is a write under ReadOnly, as on Azure").isEqualTo(409);
        assertThat(keys.errorCode()).isEqualTo("ScopeLocked");
        Arm.Reply another = arm.put(groupUrl(rg) + "/providers/Microsoft.Storage/storageAccounts/slnew" + RUN + SA_V,
                "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\"}");
        assertThat(another.status()).isEqualTo(409);
        Arm.Reply deployment = arm.put(deploy.url(rg, "under-lock") + RG_V, Deploy.body(Deploy.json("""
                {"$schema": "%s", "contentVersion": "1.0.0.0", "resources": []}""".formatted(Deploy.SCHEMA)), null).toString());
        assertThat(deployment.status()).as("a deployment is a write in the locked group").isEqualTo(409);
        assertThat(deployment.errorCode()).isEqualTo("ScopeLocked");
        assertThat(arm.get(sa + SA_V).status()).as("reads pass").isEqualTo(200);

        JsonNode atAccount = arm.get(sa + "/providers/Microsoft.Authorization/locks" + L_V + "&$filter=atScope()").json();
        assertThat(names(atAccount)).containsExactly("frozen");
        assertThat(names(arm.get(arm.sub() + "/providers/Microsoft.Authorization/locks" + L_V).json())).contains("frozen");
        assertThat(arm.delete(groupUrl(rg) + "/providers/Microsoft.Authorization/locks/frozen" + L_V).status()).isEqualTo(200);
        assertThat(arm.send("PATCH", sa + SA_V, "{\"tags\":{\"a\":\"b\"}}").status()).isEqualTo(200);
    }

    @Test
    void badLocksAreRefusedWithAzuresCodes() throws Exception {
        String rg = group("bad");
        Arm.Reply level = arm.put(groupUrl(rg) + "/providers/Microsoft.Authorization/locks/x" + L_V, "{\"properties\":{\"level\":\"Frozen\"}}");
        assertThat(level.status()).isEqualTo(400);
        assertThat(level.errorCode()).isEqualTo("InvalidRequestContent");
        Arm.Reply noGroup = lock(arm.sub() + "/resourceGroups/rg-none-" + RUN, "x", "ReadOnly");
        assertThat(noGroup.status()).isEqualTo(404);
        assertThat(noGroup.errorCode()).isEqualTo("ResourceGroupNotFound");
        Arm.Reply noResource = lock(groupUrl(rg) + "/providers/Microsoft.Storage/storageAccounts/slnone" + RUN, "x", "ReadOnly");
        assertThat(noResource.status()).isEqualTo(404);
        assertThat(noResource.errorCode()).isEqualTo("ResourceNotFound");
        Arm.Reply missing = arm.get(groupUrl(rg) + "/providers/Microsoft.Authorization/locks/none" + L_V);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("LockNotFound");
        Arm.Reply badVersion = arm.get(groupUrl(rg) + "/providers/Microsoft.Authorization/locks?api-version=2099-01-01");
        assertThat(badVersion.errorCode()).isEqualTo("InvalidApiVersionParameter");
    }

    @Test
    void aTemplateDeclaresALockOnItsAccountAndCompleteModeCannotRemoveALockedResource() throws Exception {
        String rg = group("tpl");
        String locked = account(rg, "t");
        String lockedName = locked.substring(locked.lastIndexOf('/') + 1);
        String declared = ("sd" + RUN + UUID.randomUUID().toString().replace("-", "")).substring(0, 24);
        JsonNode template = Deploy.json("""
                {"$schema": "%s", "contentVersion": "1.0.0.0", "resources": [
                  {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2022-09-01", "name": "%s", "location": "[resourceGroup().location]",
                   "sku": {"name": "Standard_LRS"}, "kind": "StorageV2"},
                  {"type": "Microsoft.Authorization/locks", "apiVersion": "2016-09-01", "name": "tpl-lock",
                   "scope": "[format('Microsoft.Storage/storageAccounts/{0}', '%s')]", "properties": {"level": "CanNotDelete"},
                   "dependsOn": ["[resourceId('Microsoft.Storage/storageAccounts', '%s')]"]}]}"""
                .formatted(Deploy.SCHEMA, declared, declared, declared));
        assertThat(Deploy.state(deploy.run(rg, "with-lock", Deploy.body(template, null)))).isEqualTo("Succeeded");
        String declaredUrl = groupUrl(rg) + "/providers/Microsoft.Storage/storageAccounts/" + declared;
        assertThat(arm.get(declaredUrl + "/providers/Microsoft.Authorization/locks/tpl-lock" + L_V).status()).isEqualTo(200);
        assertThat(arm.delete(declaredUrl + SA_V).errorCode()).isEqualTo("ScopeLocked");

        // the account made outside the template is locked too: Complete mode fails rather than delete it
        assertThat(lock(locked, "outside", "CanNotDelete").status()).isEqualTo(201);
        JsonNode complete = deploy.run(rg, "complete", Deploy.body(template, null, "Complete"));
        assertThat(Deploy.state(complete)).isEqualTo("Failed");
        assertThat(complete.toString()).contains("ScopeLocked").contains(lockedName);
        assertThat(arm.get(locked + SA_V).status()).as("the locked account survives").isEqualTo(200);
    }
}
