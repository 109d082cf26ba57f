package io.strato.server.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.model.ArmException;
import io.strato.server.persistence.ResourceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ODataFilterTest {
    final ResourceStore.Filter base = ResourceStore.Filter.subscription("s");

    @Test
    void resourceTypeTagAndNameClausesCombineWithAnd() {
        ResourceStore.Filter f = ODataFilter.apply(
                "resourceType eq 'Microsoft.Storage/storageAccounts' and tagName eq 'env' and tagValue eq 'it''s' and substringof('web', name)", base, false);
        assertThat(f.typeKey()).isEqualTo("microsoft.storage/storageaccounts");
        assertThat(f.tagName()).isEqualTo("env");
        assertThat(f.tagValue()).isEqualTo("it's");
        assertThat(f.nameContains()).isEqualTo("web");
    }

    @Test
    void the_clauses_az_network_lb_create_sends_select_one_resource_by_group_name_and_type() {
        ResourceStore.Filter f = ODataFilter.apply(
                "resourceGroup eq 'rg-1' and name eq 'LbIp1' and resourceType eq 'Microsoft.Network/publicIPAddresses'", base, false);
        assertThat(f.resourceGroup()).isEqualTo("rg-1");
        assertThat(f.nameEquals()).isEqualTo("LbIp1");
        assertThat(f.typeKey()).isEqualTo("microsoft.network/publicipaddresses");
    }

    @ParameterizedTest
    @ValueSource(strings = {"location eq 'x'", "tagValue eq 'v'", "resourceType eq 'a' or tagName eq 'b'", "name gt 'a'", "tagName eq 'unterminated"})
    void unsupportedFiltersAreRefusedRatherThanIgnored(String filter) {
        assertThatThrownBy(() -> ODataFilter.apply(filter, base, false))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void resourceGroupListsDoNotFilterByResourceType() {
        assertThatThrownBy(() -> ODataFilter.apply("resourceType eq 'x'", base.groups(), true)).isInstanceOf(ArmException.class);
    }
}
