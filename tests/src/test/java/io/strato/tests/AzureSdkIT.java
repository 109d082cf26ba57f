package io.strato.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.Region;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.AzureResourceManager;
import com.azure.resourcemanager.resources.models.GenericResource;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.azure.resourcemanager.storage.models.StorageAccountKey;
import com.azure.resourcemanager.storage.models.StorageAccountSkuType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The Azure SDK for Java (azure-resourcemanager 2.57.0), unmodified, against the appliance over HTTPS. */
class AzureSdkIT {
    static AzureResourceManager azure;
    static final String RG = "rg-sdk-" + UUID.randomUUID().toString().substring(0, 8);
    static final Region LOCAL = Region.fromName("local");

    @BeforeAll
    static void connect() {
        Appliance a = Appliance.get();
        Map<String, String> endpoints = new HashMap<>();
        endpoints.put("resourceManagerEndpointUrl", a.armEndpoint + "/");
        endpoints.put("managementEndpointUrl", a.armEndpoint + "/");
        endpoints.put("activeDirectoryEndpointUrl", a.armEndpoint + "/adfs/");
        endpoints.put("activeDirectoryResourceId", a.armEndpoint + "/");
        endpoints.put("storageEndpointSuffix", ".storage.strato.local");
        endpoints.put("activeDirectoryGraphResourceId", a.armEndpoint + "/graph/");
        endpoints.put("microsoftGraphResourceId", a.armEndpoint + "/graph/");
        AzureProfile profile = new AzureProfile(a.tenantId, a.subscriptionId, new AzureEnvironment(endpoints));
        // the credential does what MSAL does in AD FS mode: client credentials at the appliance's token endpoint
        TokenCredential credential = request -> Mono.fromCallable(() -> new AccessToken(a.token(), OffsetDateTime.now().plusMinutes(30)));
        azure = AzureResourceManager.authenticate(credential, profile).withSubscription(a.subscriptionId);
    }

    @AfterAll
    static void cleanUp() {
        if (azure != null && azure.resourceGroups().contain(RG)) azure.resourceGroups().deleteByName(RG);
    }

    @Test
    void resourceGroupsAreCreatedReadTaggedListedAndDeleted() {
        ResourceGroup g = azure.resourceGroups().define(RG).withRegion(LOCAL).withTag("owner", "sdk").create();
        assertThat(g.id()).isEqualTo("/subscriptions/" + Appliance.get().subscriptionId + "/resourceGroups/" + RG);
        assertThat(g.provisioningState()).isEqualTo("Succeeded");
        assertThat(azure.resourceGroups().getByName(RG).tags()).containsEntry("owner", "sdk");
        g.update().withTag("stage", "test").apply();
        assertThat(azure.resourceGroups().getByName(RG).tags()).containsEntry("stage", "test");
        assertThat(azure.resourceGroups().list().stream().map(ResourceGroup::name)).contains(RG);
        assertThat(azure.resourceGroups().contain(RG)).isTrue();

        String other = RG + "-del";
        azure.resourceGroups().define(other).withRegion(LOCAL).create();
        azure.resourceGroups().deleteByName(other);
        assertThat(azure.resourceGroups().contain(other)).isFalse();
    }

    @Test
    void storageAccountsAreCreatedWithKeysListedUpdatedAndDeleted() {
        azure.resourceGroups().define(RG).withRegion(LOCAL).create();
        String name = "sasdk" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        StorageAccount sa = azure.storageAccounts().define(name).withRegion(LOCAL).withExistingResourceGroup(RG)
                .withSku(StorageAccountSkuType.STANDARD_LRS).withGeneralPurposeAccountKindV2().withTag("app", "one").create();
        assertThat(sa.provisioningState().toString()).isEqualTo("Succeeded");
        assertThat(sa.endPoints().primary().blob()).startsWith("https://" + name + ".blob.");
        List<StorageAccountKey> keys = sa.getKeys();
        assertThat(keys).hasSize(2);
        List<StorageAccountKey> regenerated = sa.regenerateKey("key2");
        assertThat(regenerated.get(1).value()).isNotEqualTo(keys.get(1).value());
        sa.update().withTag("app", "two").apply();
        assertThat(azure.storageAccounts().getByResourceGroup(RG, name).tags()).containsEntry("app", "two");
        assertThat(azure.storageAccounts().listByResourceGroup(RG).stream().map(StorageAccount::name)).contains(name);
        assertThat(azure.storageAccounts().list().stream().map(StorageAccount::name)).contains(name);
        assertThat(azure.storageAccounts().checkNameAvailability(name).isAvailable()).isFalse();
        azure.storageAccounts().deleteByResourceGroup(RG, name);
        assertThat(azure.storageAccounts().checkNameAvailability(name).isAvailable()).isTrue();
    }

    @Test
    void genericResourcesAreListedAcrossPagesAndTheirTagsUpdated() {
        azure.resourceGroups().define(RG).withRegion(LOCAL).create();
        String prefix = "sapage" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(azure.storageAccounts().define(prefix + i).withRegion(LOCAL).withExistingResourceGroup(RG)
                    .withSku(StorageAccountSkuType.STANDARD_LRS).create().name());
        }
        List<String> listed = azure.genericResources().listByResourceGroup(RG).stream().map(GenericResource::name).toList();
        assertThat(listed).containsAll(created);
        GenericResource r = azure.genericResources().getById(azure.storageAccounts().getByResourceGroup(RG, created.get(0)).id());
        assertThat(r.resourceType()).isEqualToIgnoringCase("storageAccounts");
        azure.tagOperations().updateTags(r, Map.of("via", "tags-api"));
        assertThat(azure.storageAccounts().getByResourceGroup(RG, created.get(0)).tags()).containsEntry("via", "tags-api");
    }
}
