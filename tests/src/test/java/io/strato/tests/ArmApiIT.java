package io.strato.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ARM core over HTTPS, as a user of the REST API sees it: good paths and bad ones. */
class ArmApiIT {
    static final String RG_V = "?api-version=2021-04-01", HYBRID = "?api-version=2019-10-01", SA_V = "?api-version=2022-09-01";
    static final Arm arm = new Arm();
    static final String RG = "rg-api-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void createGroup() throws Exception {
        assertThat(arm.put(arm.sub() + "/resourcegroups/" + RG + RG_V, "{\"location\":\"local\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void deleteGroup() throws Exception {
        arm.delete(arm.sub() + "/resourcegroups/" + RG + RG_V);
    }

    String rg() { return arm.sub() + "/resourceGroups/" + RG; }

    String sa(String name) { return rg() + "/providers/Microsoft.Storage/storageAccounts/" + name; }

    // --- authentication ---

    @Test
    void aRequestWithoutATokenIsRefusedWithAuthenticationFailedAndAChallenge() throws Exception {
        Arm.Reply r = arm.send("GET", arm.sub() + "/resourcegroups" + RG_V, null, Map.of(), false);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("AuthenticationFailed");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void aMalformedTokenIsRefusedAsInvalid() throws Exception {
        Arm.Reply r = arm.send("GET", arm.sub() + "/resourcegroups" + RG_V, null, Map.of("Authorization", "Bearer not-a-jwt"), false);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void aTokenWithATamperedSignatureIsRefused() throws Exception {
        String t = Appliance.get().token();
        String tampered = t.substring(0, t.lastIndexOf('.') + 1) + "AAAA" + t.substring(t.lastIndexOf('.') + 5);
        Arm.Reply r = arm.send("GET", arm.sub() + "/resourcegroups" + RG_V, null, Map.of("Authorization", "Bearer " + tampered), false);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void theTokenEndpointRefusesAWrongSecretWith401InvalidClient() throws Exception {
        var r = Appliance.get().tokenRequest(Appliance.get().clientId, "wrong-secret", Appliance.get().audience() + "/.default");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Appliance.JSON.readTree(r.body()).path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void theTokenEndpointRefusesAScopeForAnotherAudience() throws Exception {
        var r = Appliance.get().tokenRequest(Appliance.get().clientId, Appliance.get().clientSecret, "https://management.azure.com/.default");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Appliance.JSON.readTree(r.body()).path("error").asText()).isEqualTo("invalid_resource");
    }

    // --- gateway ---

    @Test
    void everyResponseCarriesARequestIdAndEchoesTheCorrelationId() throws Exception {
        Arm.Reply r = arm.send("GET", arm.sub() + "/resourcegroups" + RG_V, null, Map.of("x-ms-correlation-request-id", "corr-123"), true);
        assertThat(r.header("x-ms-request-id")).isNotBlank();
        assertThat(r.header("x-ms-correlation-request-id")).isEqualTo("corr-123");
    }

    @Test
    void aMissingApiVersionIsRefusedWithMissingApiVersionParameter() throws Exception {
        Arm.Reply r = arm.get(arm.sub() + "/resourcegroups");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("MissingApiVersionParameter");
    }

    @Test
    void anUnpublishedApiVersionOfResourceGroupsListsTheSupportedOnes() throws Exception {
        Arm.Reply r = arm.get(arm.sub() + "/resourcegroups?api-version=2099-01-01");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("InvalidApiVersionParameter");
        assertThat(r.json().path("error").path("message").asText()).contains("2021-04-01").contains("2019-10-01");
    }

    @Test
    void anUnpublishedApiVersionOfStorageAccountsIsNoRegisteredProviderFound() throws Exception {
        Arm.Reply r = arm.get(sa("nosuchaccount") + "?api-version=2030-01-01");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("NoRegisteredProviderFound");
        assertThat(r.json().path("error").path("message").asText()).contains("2019-06-01").contains("2022-09-01");
    }

    @Test
    void everyPublishedStorageApiVersionIsServed() throws Exception {
        for (String v : List.of("2016-01-01", "2017-10-01", "2018-07-01", "2019-06-01", "2021-09-01", "2023-05-01", "2025-06-01")) {
            assertThat(arm.get(rg() + "/providers/Microsoft.Storage/storageAccounts?api-version=" + v).status()).as(v).isEqualTo(200);
        }
    }

    @Test
    void malformedJsonIsRefusedAndNothingIsWritten() throws Exception {
        String name = "rg-bad-" + UUID.randomUUID().toString().substring(0, 6);
        Arm.Reply r = arm.put(arm.sub() + "/resourcegroups/" + name + RG_V, "{\"location\": \"local\",,,");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("InvalidRequestContent");
        assertThat(arm.get(arm.sub() + "/resourcegroups/" + name + RG_V).status()).isEqualTo(404);
    }

    @Test
    void aBodyWithCommentsUnquotedKeysAndAByteOrderMarkIsAccepted() throws Exception {
        String name = "rg-lenient-" + UUID.randomUUID().toString().substring(0, 6);
        Arm.Reply r = arm.put(arm.sub() + "/resourcegroups/" + name + RG_V, "\uFEFF{ // a comment\n location: 'local', /* more */ \"tags\": {\"a\": \"b\",}, }");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("tags").path("a").asText()).isEqualTo("b");
        arm.delete(arm.sub() + "/resourcegroups/" + name + RG_V);
    }

    @Test
    void aBodyOverFourMegabytesIsRefusedWith413() throws Exception {
        String big = "{\"location\":\"local\",\"tags\":{\"x\":\"" + "a".repeat(4 * 1024 * 1024) + "\"}}";
        Arm.Reply r = arm.put(arm.sub() + "/resourcegroups/rg-too-big" + RG_V, big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("RequestEntityTooLarge");
        assertThat(arm.get(arm.sub() + "/resourcegroups/rg-too-big" + RG_V).status()).isEqualTo(404);
    }

    @Test
    void anUnknownSubscriptionIsNotFoundAndAMalformedOneIsInvalid() throws Exception {
        Arm.Reply unknown = arm.get("/subscriptions/" + UUID.randomUUID() + "/resourcegroups" + RG_V);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("SubscriptionNotFound");
        Arm.Reply malformed = arm.get("/subscriptions/not-a-guid/resourcegroups" + RG_V);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("InvalidSubscriptionId");
    }

    @Test
    void pathsAreCaseInsensitiveAndIdsComeBackCanonical() throws Exception {
        Arm.Reply r = arm.get(arm.sub().toUpperCase().replace("SUBSCRIPTIONS", "SubScriptions") + "/RESOURCEGROUPS/" + RG.toUpperCase() + RG_V);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("id").asText()).isEqualTo(arm.sub() + "/resourceGroups/" + RG);
    }

    // --- resource groups ---

    @Test
    void resourceGroupNamesThatBreakArmRulesAreRefused() throws Exception {
        for (String bad : List.of("has%20space", "semi;colon", "ends.", "x".repeat(91))) {
            Arm.Reply r = arm.put(arm.sub() + "/resourcegroups/" + bad + RG_V, "{\"location\":\"local\"}");
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.errorCode()).as(bad).isEqualTo("InvalidResourceGroup");
        }
    }

    @Test
    void aResourceGroupNeedsALocationThisApplianceOffers() throws Exception {
        assertThat(arm.put(arm.sub() + "/resourcegroups/rg-noloc" + RG_V, "{}").errorCode()).isEqualTo("LocationRequired");
        assertThat(arm.put(arm.sub() + "/resourcegroups/rg-mars" + RG_V, "{\"location\":\"mars\"}").errorCode())
                .isEqualTo("LocationNotAvailableForResourceGroup");
    }

    @Test
    void headAnswers204ForAnExistingGroupAnd404ForAMissingOne() throws Exception {
        assertThat(arm.send("HEAD", arm.sub() + "/resourcegroups/" + RG + RG_V, null).status()).isEqualTo(204);
        assertThat(arm.send("HEAD", arm.sub() + "/resourcegroups/nope-" + UUID.randomUUID() + RG_V, null).status()).isEqualTo(404);
    }

    @Test
    void aStaleEtagIsRefusedWith412AndIfNoneMatchStarProtectsAnExistingGroup() throws Exception {
        Arm.Reply current = arm.get(arm.sub() + "/resourcegroups/" + RG + RG_V);
        String etag = current.header("ETag");
        assertThat(etag).isNotBlank();
        Arm.Reply ok = arm.send("PATCH", arm.sub() + "/resourcegroups/" + RG + RG_V, "{\"tags\":{\"v\":\"1\"}}", Map.of("If-Match", etag), true);
        assertThat(ok.status()).isEqualTo(200);
        Arm.Reply stale = arm.send("PATCH", arm.sub() + "/resourcegroups/" + RG + RG_V, "{\"tags\":{\"v\":\"2\"}}", Map.of("If-Match", etag), true);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo("PreconditionFailed");
        Arm.Reply exists = arm.send("PUT", arm.sub() + "/resourcegroups/" + RG + RG_V, "{\"location\":\"local\"}", Map.of("If-None-Match", "*"), true);
        assertThat(exists.status()).isEqualTo(412);
        assertThat(arm.get(arm.sub() + "/resourcegroups/" + RG + RG_V).json().path("tags").path("v").asText()).isEqualTo("1");
    }

    @Test
    void deletingAGroupIsALongRunningOperationThatRemovesEverythingInside() throws Exception {
        String name = "rg-del-" + UUID.randomUUID().toString().substring(0, 6);
        String account = "sadel" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        arm.put(arm.sub() + "/resourcegroups/" + name + RG_V, "{\"location\":\"local\"}");
        String accountPath = arm.sub() + "/resourceGroups/" + name + "/providers/Microsoft.Storage/storageAccounts/" + account;
        Arm.Reply created = arm.put(accountPath + SA_V, "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\"}");
        assertThat(created.status()).isEqualTo(202);
        assertThat(arm.pollLocation(created.header("Location")).status()).isEqualTo(200);
        Arm.Reply del = arm.delete(arm.sub() + "/resourcegroups/" + name + RG_V);
        assertThat(del.status()).isEqualTo(202);
        assertThat(del.header("Location")).contains("/providers/Microsoft.Resources/operationResults/");
        assertThat(del.header("Retry-After")).isNotBlank();
        assertThat(arm.pollLocation(del.header("Location")).status()).isEqualTo(200);
        assertThat(arm.get(arm.sub() + "/resourcegroups/" + name + RG_V).errorCode()).isEqualTo("ResourceGroupNotFound");
        Arm.Reply check = arm.send("POST", arm.sub() + "/providers/Microsoft.Storage/checkNameAvailability" + SA_V,
                "{\"name\":\"" + account + "\",\"type\":\"Microsoft.Storage/storageAccounts\"}");
        assertThat(check.json().path("nameAvailable").asBoolean()).isTrue();
    }

    @Test
    void resourceGroupListsPageWithTopAndNextLink() throws Exception {
        String prefix = "rg-page-" + UUID.randomUUID().toString().substring(0, 4);
        for (int i = 0; i < 7; i++) arm.put(arm.sub() + "/resourcegroups/" + prefix + "-" + i + RG_V, "{\"location\":\"local\",\"tags\":{\"pagetest\":\"" + prefix + "\"}}");
        List<String> names = new ArrayList<>();
        String next = arm.sub() + "/resourcegroups" + RG_V + "&$top=3&$filter=" + Appliance.enc("tagName eq 'pagetest' and tagValue eq '" + prefix + "'");
        int pages = 0;
        while (next != null) {
            JsonNode page = arm.get(next).json();
            page.path("value").forEach(v -> names.add(v.path("name").asText()));
            next = page.hasNonNull("nextLink") ? page.get("nextLink").asText() : null;
            pages++;
        }
        assertThat(names).hasSize(7).doesNotHaveDuplicates();
        assertThat(pages).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < 7; i++) arm.delete(arm.sub() + "/resourcegroups/" + prefix + "-" + i + RG_V);
    }

    // --- storage accounts ---

    @Test
    void aStorageAccountIsCreatedAsynchronouslyAndAnswersWithItsEndpointsKeysAndSystemData() throws Exception {
        String name = "saapi" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Arm.Reply created = arm.put(sa(name) + SA_V, "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\",\"tags\":{\"team\":\"a\"}}");
        assertThat(created.status()).isEqualTo(202);
        assertThat(created.header("Location")).contains("/providers/Microsoft.Storage/locations/local/asyncoperations/");
        JsonNode account = arm.pollLocation(created.header("Location")).json();
        assertThat(account.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(account.path("properties").path("primaryEndpoints").path("blob").asText()).startsWith("https://" + name + ".blob.");
        assertThat(account.has("systemData")).as("Azure's storage account schema has no systemData").isFalse();
        JsonNode keys = arm.send("POST", sa(name) + "/listKeys" + SA_V, null).json().path("keys");
        assertThat(keys).hasSize(2);
        String key1 = keys.get(0).path("value").asText();
        assertThat(key1).isNotBlank();
        JsonNode regenerated = arm.send("POST", sa(name) + "/regenerateKey" + SA_V, "{\"keyName\":\"key1\"}").json().path("keys");
        assertThat(regenerated.get(0).path("value").asText()).isNotEqualTo(key1);
        assertThat(regenerated.get(1).path("value").asText()).isEqualTo(keys.get(1).path("value").asText());
        assertThat(arm.get(sa(name) + SA_V).body()).doesNotContain(key1).doesNotContain(keys.get(1).path("value").asText());
        Arm.Reply taken = arm.send("POST", arm.sub() + "/providers/Microsoft.Storage/checkNameAvailability" + SA_V,
                "{\"name\":\"" + name + "\",\"type\":\"Microsoft.Storage/storageAccounts\"}");
        assertThat(taken.json().path("nameAvailable").asBoolean()).isFalse();
        assertThat(taken.json().path("reason").asText()).isEqualTo("AlreadyExists");
        assertThat(arm.delete(sa(name) + SA_V).status()).isEqualTo(200);
        assertThat(arm.get(sa(name) + SA_V).errorCode()).isEqualTo("ResourceNotFound");
        assertThat(arm.delete(sa(name) + SA_V).status()).isEqualTo(204);
    }

    @Test
    void storageAccountNamesSkusAndKindsAreValidatedWithAzuresCodes() throws Exception {
        assertThat(arm.put(sa("Bad_Name") + SA_V, "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\"}").errorCode())
                .isEqualTo("AccountNameInvalid");
        Arm.Reply sku = arm.put(sa("saskucheck1") + SA_V, "{\"sku\":{\"name\":\"Gold_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\"}");
        assertThat(sku.status()).isEqualTo(400);
        Arm.Reply kind = arm.put(sa("sakindcheck1") + SA_V, "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"Weird\",\"location\":\"local\"}");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(arm.get(sa("saskucheck1") + SA_V).status()).isEqualTo(404);
        Arm.Reply invalid = arm.send("POST", arm.sub() + "/providers/Microsoft.Storage/checkNameAvailability" + SA_V,
                "{\"name\":\"No\",\"type\":\"Microsoft.Storage/storageAccounts\"}");
        assertThat(invalid.json().path("reason").asText()).isEqualTo("AccountNameInvalid");
    }

    @Test
    void aResourceInAMissingGroupIsResourceGroupNotFound() throws Exception {
        Arm.Reply r = arm.put(arm.sub() + "/resourceGroups/rg-missing-" + UUID.randomUUID() + "/providers/Microsoft.Storage/storageAccounts/samissing1" + SA_V,
                "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\"}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("ResourceGroupNotFound");
    }

    @Test
    void anUnknownNamespaceIsNoRegisteredProviderFound() throws Exception {
        Arm.Reply r = arm.put(rg() + "/providers/Microsoft.Nothing/widgets/w1?api-version=2020-01-01", "{\"location\":\"local\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("NoRegisteredProviderFound");
    }

    // --- generic resources, tags, providers ---

    @Test
    void genericListsFilterByTypeTagAndNameAndPage() throws Exception {
        String marker = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "sag" + marker + i;
            names.add(name);
            Arm.Reply c = arm.put(sa(name) + SA_V, "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\",\"tags\":{\"marker\":\"" + marker + "\"}}");
            arm.pollLocation(c.header("Location"));
        }
        Set<String> seen = new HashSet<>();
        String next = rg() + "/resources" + RG_V + "&$top=2&$filter=" + Appliance.enc("tagName eq 'marker' and tagValue eq '" + marker + "'");
        while (next != null) {
            JsonNode page = arm.get(next).json();
            page.path("value").forEach(v -> {
                seen.add(v.path("name").asText());
                assertThat(v.path("type").asText()).isEqualTo("Microsoft.Storage/storageAccounts");
                assertThat(v.path("sku").path("name").asText()).isEqualTo("Standard_LRS");
            });
            next = page.hasNonNull("nextLink") ? page.get("nextLink").asText() : null;
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(names);
        JsonNode byName = arm.get(arm.sub() + "/resources" + RG_V + "&$filter=" + Appliance.enc("substringof('" + marker + "2', name)")).json();
        assertThat(byName.path("value")).hasSize(1);
        JsonNode byType = arm.get(rg() + "/resources" + RG_V + "&$filter=" + Appliance.enc("resourceType eq 'microsoft.storage/storageaccounts'")).json();
        assertThat(byType.path("value").size()).isGreaterThanOrEqualTo(4);
        assertThat(arm.get(rg() + "/resources" + RG_V + "&$filter=" + Appliance.enc("location eq 'x'")).status()).isEqualTo(400);
        for (String n : names) arm.delete(sa(n) + SA_V);
    }

    @Test
    void tagsAtAScopeMergeReplaceAndDelete() throws Exception {
        String scope = rg() + "/providers/Microsoft.Resources/tags/default" + RG_V;
        assertThat(arm.put(scope, "{\"properties\":{\"tags\":{\"a\":\"1\",\"b\":\"2\"}}}").status()).isEqualTo(200);
        assertThat(arm.send("PATCH", scope, "{\"operation\":\"Merge\",\"properties\":{\"tags\":{\"c\":\"3\"}}}").json()
                .path("properties").path("tags").size()).isEqualTo(3);
        assertThat(arm.send("PATCH", scope, "{\"operation\":\"Delete\",\"properties\":{\"tags\":{\"a\":\"1\"}}}").json()
                .path("properties").path("tags").has("a")).isFalse();
        assertThat(arm.send("PATCH", scope, "{\"operation\":\"Replace\",\"properties\":{\"tags\":{\"z\":\"9\"}}}").json()
                .path("properties").path("tags").toString()).isEqualTo("{\"z\":\"9\"}");
        assertThat(arm.get(arm.sub() + "/resourcegroups/" + RG + RG_V).json().path("tags").path("z").asText()).isEqualTo("9");
        assertThat(arm.send("PATCH", scope, "{\"operation\":\"Explode\",\"properties\":{\"tags\":{}}}").errorCode()).isEqualTo("InvalidRequestContent");
        assertThat(arm.delete(scope).status()).isEqualTo(200);
        assertThat(arm.get(scope).json().path("properties").path("tags").size()).isZero();
    }

    @Test
    void providersListTheirTypesApiVersionsAndOperationsAndUnregisteringBlocksWrites() throws Exception {
        JsonNode storage = arm.get(arm.sub() + "/providers/Microsoft.Storage" + RG_V).json();
        assertThat(storage.path("registrationState").asText()).isEqualTo("Registered");
        assertThat(storage.path("resourceTypes").toString()).contains("storageAccounts").contains("2019-06-01");
        JsonNode ops = arm.get("/providers/Microsoft.Storage/operations" + SA_V).json();
        assertThat(ops.path("value").toString()).contains("Microsoft.Storage/storageAccounts/write").contains("listKeys");
        assertThat(arm.get(arm.sub() + "/providers" + RG_V).json().path("value").toString()).contains("Microsoft.Resources");
        assertThat(arm.send("POST", arm.sub() + "/providers/Microsoft.Storage/unregister" + RG_V, null).json().path("registrationState").asText())
                .isEqualTo("NotRegistered");
        try {
            Arm.Reply blocked = arm.put(sa("sablocked1") + SA_V, "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\"}");
            assertThat(blocked.status()).isEqualTo(409);
            assertThat(blocked.errorCode()).isEqualTo("MissingSubscriptionRegistration");
        } finally {
            assertThat(arm.send("POST", arm.sub() + "/providers/Microsoft.Storage/register" + RG_V, null).json().path("registrationState").asText())
                    .isEqualTo("Registered");
        }
        assertThat(arm.get(arm.sub() + "/providers/Microsoft.Nothing" + RG_V).errorCode()).isEqualTo("InvalidResourceNamespace");
    }

    @Test
    void subscriptionsTenantsAndLocationsAnswerAtBothProfiles() throws Exception {
        for (String v : List.of("?api-version=2016-06-01", "?api-version=2022-12-01")) {
            assertThat(arm.get("/subscriptions" + v).json().path("value").toString()).contains(Appliance.get().subscriptionId);
            assertThat(arm.get("/tenants" + v).json().path("value").get(0).path("tenantId").asText()).isEqualTo(Appliance.get().tenantId);
            assertThat(arm.get(arm.sub() + "/locations" + v).json().path("value").get(0).path("name").asText()).isEqualTo("local");
        }
        assertThat(arm.get(arm.sub() + HYBRID.replace("2019-10-01", "2016-06-01")).json().path("state").asText()).isEqualTo("Enabled");
    }
}
