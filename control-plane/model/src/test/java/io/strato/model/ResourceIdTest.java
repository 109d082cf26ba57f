package io.strato.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResourceIdTest {
    @Test
    void idsDifferingOnlyInCaseAreEqualAndRenderCanonicalSegments() {
        ResourceId a = ResourceId.parse("/SUBSCRIPTIONS/abc/resourcegroups/RG1/PROVIDERS/Microsoft.Storage/storageAccounts/sa1");
        ResourceId b = ResourceId.parse("/subscriptions/ABC/resourceGroups/rg1/providers/microsoft.storage/STORAGEACCOUNTS/SA1");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo("/subscriptions/abc/resourceGroups/RG1/providers/Microsoft.Storage/storageAccounts/sa1");
    }

    @Test
    void aNestedIdKnowsItsTypeNameAndParents() {
        ResourceId id = ResourceId.parse("/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/sa/blobServices/default/containers/c");
        assertThat(id.type()).isEqualTo(ResourceType.parse("Microsoft.Storage/storageAccounts/blobServices/containers"));
        assertThat(id.name()).isEqualTo("c");
        assertThat(id.parent().name()).isEqualTo("default");
        assertThat(id.parent().parent().parent().isResourceGroup()).isTrue();
        assertThat(id.parent().parent().parent().parent().isSubscription()).isTrue();
    }

    @Test
    void groupsAndSubscriptionsHaveMicrosoftResourcesTypes() {
        assertThat(ResourceId.parse("/subscriptions/s/resourceGroups/g").type().toString()).isEqualTo("Microsoft.Resources/resourceGroups");
        assertThat(ResourceId.parse("/subscriptions/s").isSubscription()).isTrue();
    }

    @Test
    void aTenantLevelIdHasNoSubscriptionAndKeepsItsShape() {
        ResourceId id = ResourceId.parse("/providers/Microsoft.Resources/deployments/tenantDeploy");
        assertThat(id.atTenant()).isTrue();
        assertThat(id.subscriptionId()).isNull();
        assertThat(id.resourceGroup()).isEmpty();
        assertThat(id.type().toString()).isEqualTo("Microsoft.Resources/deployments");
        assertThat(id.name()).isEqualTo("tenantDeploy");
        assertThat(id.toString()).isEqualTo("/providers/Microsoft.Resources/deployments/tenantDeploy");
        assertThat(id).isEqualTo(ResourceId.parse("/PROVIDERS/microsoft.resources/DEPLOYMENTS/tenantdeploy"));
        assertThat(ResourceId.parse("/subscriptions/s/providers/Microsoft.Resources/deployments/tenantDeploy").atTenant()).isFalse();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "subscriptions/s, 'no leading slash'",
            "/tenants/t, 'not under a subscription'",
            "/subscriptions/s/resourceGroups, 'a group without a name'",
            "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage, 'a namespace without a type'",
            "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts, 'a type without a name'",
            "/subscriptions/s/resourceGroups/g/things/x, 'an unknown segment instead of providers'",
            "/providers/Microsoft.Resources/deployments, 'a tenant-level type without a name'",
            "/providers//deployments/d, 'a tenant-level id without a namespace'",
    })
    void malformedIdsAreRefused(String id, String reason) {
        assertThatThrownBy(() -> ResourceId.parse(id)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ResourceId.tryParse(id)).isEmpty();
    }
}
