package io.strato.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {
    static final ObjectMapper M = new ObjectMapper();

    static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('`', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static PreparedDeployment prepare(String template) { return prepare(template, null); }

    static PreparedDeployment prepare(String template, String parameters) {
        return TemplateEngine.prepare(json(template), parameters == null ? null : json(parameters), TestScopes.RESOURCE_GROUP);
    }

    static TemplateException failure(String template, String parameters) {
        try {
            prepare(template, parameters);
        } catch (TemplateException e) {
            return e;
        }
        throw new AssertionError("expected a TemplateException");
    }

    static List<List<String>> waveNames(PreparedDeployment p) {
        return p.waves().stream().map(w -> w.stream().map(PlannedResource::name).toList()).toList();
    }

    @Test
    void atTenantScopeResourcesHaveTenantLevelIdsAndANestedDeploymentTargetsItsSubscription() {
        PreparedDeployment p = TemplateEngine.prepare(json("""
                {`resources`: [
                  {`type`: `Microsoft.Authorization/roleAssignments`, `apiVersion`: `2022-04-01`, `name`: `[guid('x')]`},
                  {`type`: `Microsoft.Resources/deployments`, `apiVersion`: `2021-04-01`, `name`: `toSub`, `location`: `westus`,
                   `subscriptionId`: `22222222-2222-2222-2222-222222222222`,
                   `properties`: {`mode`: `Incremental`, `template`: {`resources`: []}}},
                  {`type`: `Microsoft.Resources/deployments`, `apiVersion`: `2021-04-01`, `name`: `toMg`, `location`: `westus`,
                   `scope`: `Microsoft.Management/managementGroups/mg1`,
                   `properties`: {`mode`: `Incremental`, `template`: {`resources`: []}}}],
                 `outputs`: {`tenant`: {`type`: `string`, `value`: `[tenant().tenantId]`},
                             `id`: {`type`: `string`, `value`: `[tenantResourceId('Microsoft.Resources/deployments', 'd')]`}}}"""),
                null, TestScopes.TENANT);
        assertThat(p.resources()).extracting(PlannedResource::resourceId).containsExactly(
                "/providers/Microsoft.Authorization/roleAssignments/" + p.resources().get(0).name(),
                "/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.Resources/deployments/toSub",
                "/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Resources/deployments/toMg");
        assertThat(p.outputs(null).get("tenant").path("value").asText()).isEqualTo("11111111-1111-1111-1111-111111111111");
        assertThat(p.outputs(null).get("id").path("value").asText()).isEqualTo("/providers/Microsoft.Resources/deployments/d");
    }

    @Test
    void subscriptionAndResourceGroupAreNotExpectedInATenantDeployment() {
        for (String f : List.of("subscription().id", "resourceGroup().id")) {
            assertThatThrownBy(() -> TemplateEngine.prepare(json("{`resources`: [], `outputs`: {`x`: {`type`: `string`, `value`: `[" + f + "]`}}}"),
                    null, TestScopes.TENANT).outputs(null))
                    .isInstanceOf(TemplateException.class).hasMessageContaining("the deployment targets the tenant");
        }
    }

    @Test
    void aCopyLoopExpandsIntoUniqueInstancesInOneWave() {
        PreparedDeployment p = prepare("""
                {`resources`: [{`type`: `Microsoft.Storage/storageAccounts`, `apiVersion`: `2022-09-01`,
                  `name`: `[concat('sa', copyIndex())]`, `copy`: {`name`: `loop`, `count`: 3}}]}""");
        assertThat(p.resources()).extracting(PlannedResource::name).containsExactly("sa0", "sa1", "sa2");
        assertThat(waveNames(p)).containsExactly(List.of("sa0", "sa1", "sa2"));
    }

    @Test
    void aSerialCopyLoopPutsEachBatchInItsOwnWave() {
        PreparedDeployment p = prepare("""
                {`resources`: [{`type`: `Microsoft.Storage/storageAccounts`, `apiVersion`: `2022-09-01`,
                  `name`: `[concat('sa', copyIndex())]`, `copy`: {`name`: `loop`, `count`: 5, `mode`: `serial`, `batchSize`: 2}}]}""");
        assertThat(waveNames(p)).containsExactly(List.of("sa0", "sa1"), List.of("sa2", "sa3"), List.of("sa4"));
        assertThat(p.resources().get(0).declaration().path("batchSize").asInt()).isEqualTo(2);
    }

    @Test
    void aFalseConditionRemovesTheResourceAndDependenciesOnIt() {
        PreparedDeployment p = prepare("""
                {`resources`: [
                  {`type`: `Microsoft.Network/publicIPAddresses`, `apiVersion`: `2022-01-01`, `name`: `ip`, `condition`: false},
                  {`type`: `Microsoft.Network/networkInterfaces`, `apiVersion`: `2022-01-01`, `name`: `nic`,
                   `dependsOn`: [`[resourceId('Microsoft.Network/publicIPAddresses', 'ip')]`]}]}""");
        assertThat(p.resources()).extracting(PlannedResource::name).containsExactly("nic");
        assertThat(p.resources().get(0).dependsOn()).isEmpty();
    }

    @Test
    void dependsOnByNameByIdAndImplicitReferenceOrderTheWaves() {
        PreparedDeployment p = prepare("""
                {`resources`: [
                  {`type`: `Microsoft.Network/virtualNetworks`, `apiVersion`: `2022-01-01`, `name`: `vnet`},
                  {`type`: `Microsoft.Network/networkInterfaces`, `apiVersion`: `2022-01-01`, `name`: `nic`, `dependsOn`: [`vnet`]},
                  {`type`: `Microsoft.Compute/virtualMachines`, `apiVersion`: `2022-01-01`, `name`: `vm`,
                   `properties`: {`x`: `[reference('nic').ipConfigurations]`}}]}""");
        assertThat(waveNames(p)).containsExactly(List.of("vnet"), List.of("nic"), List.of("vm"));
        assertThat(p.resources().get(2).dependsOn()).containsExactly(
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg/providers/Microsoft.Network/networkInterfaces/nic");
    }

    @Test
    void aDependencyCycleIsReportedWithItsPath() {
        TemplateException e = failure("""
                {`resources`: [
                  {`type`: `Microsoft.Network/virtualNetworks`, `apiVersion`: `2022-01-01`, `name`: `a`, `dependsOn`: [`b`]},
                  {`type`: `Microsoft.Network/virtualNetworks`, `apiVersion`: `2022-01-01`, `name`: `b`, `dependsOn`: [`a`]}]}""", null);
        assertThat(e.first().code()).isEqualTo(DiagnosticCode.CircularDependency);
        assertThat(e.first().message()).contains("virtualNetworks/a -> ").contains("virtualNetworks/b -> ");
        assertThat(e.first().jsonPath()).isEqualTo("$.resources[0]");
    }

    @Test
    void aDependsOnNamingNoResourceIsInvalid() {
        TemplateException e = failure("""
                {`resources`: [{`type`: `Microsoft.Network/virtualNetworks`, `apiVersion`: `2022-01-01`, `name`: `a`, `dependsOn`: [`ghost`]}]}""", null);
        assertThat(e.first().message()).isEqualTo("The resource 'ghost' is not defined in the template.");
        assertThat(e.first().jsonPath()).isEqualTo("$.resources[0].dependsOn[0]");
    }

    @Test
    void aCopyCountAbove800IsRejected() {
        TemplateException e = failure("""
                {`resources`: [{`type`: `Microsoft.Storage/storageAccounts`, `apiVersion`: `2022-09-01`,
                  `name`: `[concat('sa', copyIndex())]`, `copy`: {`name`: `loop`, `count`: 801}}]}""", null);
        assertThat(e.first().jsonPath()).isEqualTo("$.resources[0].copy.count");
    }

    @Test
    void moreThan800ResourcesAreRejected() {
        TemplateException e = failure("""
                {`resources`: [
                 {`type`: `Microsoft.Storage/storageAccounts`, `apiVersion`: `2022-09-01`, `name`: `[concat('a', copyIndex())]`, `copy`: {`name`: `a`, `count`: 800}},
                 {`type`: `Microsoft.Storage/storageAccounts`, `apiVersion`: `2022-09-01`, `name`: `one-more`}]}""", null);
        assertThat(e.first().message()).contains("exceeds the limit of '800'");
    }

    @Test
    void allParameterProblemsAreReportedTogether() {
        TemplateException e = failure("""
                {`parameters`: {
                   `required`: {`type`: `string`},
                   `sku`: {`type`: `string`, `allowedValues`: [`Standard_LRS`]},
                   `count`: {`type`: `int`, `maxValue`: 3},
                   `name`: {`type`: `string`, `minLength`: 3}},
                 `resources`: []}""", """
                {`sku`: {`value`: `Premium`}, `count`: {`value`: 4}, `name`: {`value`: `ab`}, `extra`: {`value`: 1}}""");
        assertThat(e.diagnostics()).extracting(d -> d.code()).containsExactly(DiagnosticCode.InvalidTemplate,
                DiagnosticCode.MissingRequiredParameter, DiagnosticCode.InvalidDeploymentParameterValue,
                DiagnosticCode.InvalidDeploymentParameterValue, DiagnosticCode.InvalidDeploymentParameterValue);
        assertThat(e.diagnostics().get(1).jsonPath()).isEqualTo("$.parameters.required");
    }

    @Test
    void secureParametersAreListedWithTheirTypeButNeverTheirValue() {
        PreparedDeployment p = prepare("""
                {`parameters`: {`password`: {`type`: `securestring`}, `user`: {`type`: `string`, `defaultValue`: `admin`}}, `resources`: []}""",
                "{`password`: {`value`: `secret`}}");
        assertThat(p.parametersForResponse()).containsOnlyKeys("user", "password");
        assertThat(p.parametersForResponse().get("password")).isEqualTo(json("{`type`: `SecureString`}"));
        assertThat(p.parametersForResponse().get("user")).isEqualTo(json("{`type`: `String`, `value`: `admin`}"));
    }

    @Test
    void utcNowIsOnlyAllowedInParameterDefaults() {
        TemplateException e = failure("{`resources`: [], `outputs`: {`t`: {`type`: `string`, `value`: `[utcNow()]`}}}", null);
        assertThat(e.first().message()).contains("default value of a parameter");
        assertThat(prepare("{`parameters`: {`t`: {`type`: `string`, `defaultValue`: `[utcNow('yyyy')]`}}, `resources`: []}")
                .parametersForResponse().get("t").path("value").asText()).matches("\\d{4}");
    }

    @Test
    void renderEvaluatesEveryExpressionAndPropertyCopies() {
        PreparedDeployment p = prepare("""
                {`variables`: {`prefix`: `10.0`},
                 `resources`: [{`type`: `Microsoft.Network/virtualNetworks`, `apiVersion`: `2022-01-01`, `name`: `vnet`,
                   `location`: `[resourceGroup().location]`, `tags`: `[resourceGroup().tags]`,
                   `properties`: {`copy`: [{`name`: `subnets`, `count`: 2,
                     `input`: {`name`: `[concat('s', copyIndex('subnets'))]`, `properties`: {`addressPrefix`: `[format('{0}.{1}.0/24', variables('prefix'), copyIndex('subnets'))]`}}}]}}]}""");
        JsonNode body = p.render(p.resources().get(0), new FakeRuntime());
        assertThat(body).isEqualTo(json("""
                {`name`: `vnet`, `type`: `Microsoft.Network/virtualNetworks`, `apiVersion`: `2022-01-01`, `location`: `westus`, `tags`: {`env`: `test`},
                 `properties`: {`subnets`: [{`name`: `s0`, `properties`: {`addressPrefix`: `10.0.0.0/24`}},
                                            {`name`: `s1`, `properties`: {`addressPrefix`: `10.0.1.0/24`}}]}}"""));
    }

    @Test
    void insideAPropertyCopyOfACopiedResourceAnUnnamedCopyIndexIsTheResourcesIndex() {
        // the mysql-ha-pxc-zones quickstart gives each of its VMs disks 2i+1 and 2i+2 this way
        PreparedDeployment p = prepare("""
                {`resources`: [{`type`: `Microsoft.Compute/virtualMachines`, `apiVersion`: `2022-08-01`,
                   `name`: `[concat('vm', copyIndex())]`, `copy`: {`name`: `vmLoop`, `count`: 2},
                   `properties`: {`copy`: [{`name`: `dataDisks`, `count`: 2,
                     `input`: {`lun`: `[copyIndex('dataDisks')]`, `name`: `[concat('disk-', add(mul(copyIndex(), 2), add(copyIndex('dataDisks'), 1)))]`}}]}}]}""");
        assertThat(p.render(p.resources().get(1), new FakeRuntime()).path("properties").path("dataDisks").toString())
                .isEqualTo("[{\"lun\":0,\"name\":\"disk-3\"},{\"lun\":1,\"name\":\"disk-4\"}]");
    }

    @Test
    void inAPropertyCopyOfASingleResourceAnUnnamedCopyIndexIsThePropertyLoopsIndex() {
        PreparedDeployment p = prepare("""
                {`resources`: [{`type`: `Microsoft.Network/virtualNetworks`, `apiVersion`: `2022-01-01`, `name`: `vnet`,
                   `properties`: {`copy`: [{`name`: `subnets`, `count`: 2, `input`: {`name`: `[concat('s', copyIndex())]`}}]}}]}""");
        assertThat(p.render(p.resources().get(0), new FakeRuntime()).path("properties").path("subnets")).isEqualTo(json("[{`name`: `s0`}, {`name`: `s1`}]"));
    }

    @Test
    void childResourcesTakeTheirParentsNameAndType() {
        PreparedDeployment p = prepare("""
                {`resources`: [{`type`: `Microsoft.Network/virtualNetworks`, `apiVersion`: `2022-01-01`, `name`: `vnet`,
                   `resources`: [{`type`: `subnets`, `apiVersion`: `2022-01-01`, `name`: `default`, `dependsOn`: [`vnet`]}]}]}""");
        assertThat(p.resources().get(1).type()).isEqualTo("Microsoft.Network/virtualNetworks/subnets");
        assertThat(p.resources().get(1).resourceId()).endsWith("/virtualNetworks/vnet/subnets/default");
        assertThat(waveNames(p)).containsExactly(List.of("vnet"), List.of("vnet/default"));
    }

    @Test
    void aResourceWithoutApiVersionTakesItFromTheApiProfile() {
        PreparedDeployment p = prepare("""
                {`apiProfile`: `2018-03-01-hybrid`, `resources`: [
                  {`type`: `Microsoft.Compute/virtualMachines`, `name`: `vm`},
                  {`type`: `Microsoft.Storage/storageAccounts`, `name`: `sa`}]}""");
        assertThat(p.resources()).extracting(PlannedResource::apiVersion).containsExactly("2017-03-30", "2016-01-01");
    }

    @Test
    void symbolicNamesAndExistingResourcesResolveInLanguageVersion2() {
        PreparedDeployment p = prepare("""
                {`languageVersion`: `2.0`, `resources`: {
                   `sa`: {`type`: `Microsoft.Storage/storageAccounts`, `apiVersion`: `2022-09-01`, `name`: `store`, `existing`: true},
                   `lock`: {`type`: `Microsoft.Authorization/locks`, `apiVersion`: `2020-05-01`, `name`: `lock`,
                            `scope`: `Microsoft.Storage/storageAccounts/store`, `dependsOn`: [`sa`]}}}""");
        assertThat(p.resources().get(0).existing()).isTrue();
        assertThat(p.resources().get(0).symbolicName()).isEqualTo("sa");
        assertThat(p.resources().get(1).resourceId()).isEqualTo(
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg/providers/Microsoft.Storage/storageAccounts/store/providers/Microsoft.Authorization/locks/lock");
        assertThat(waveNames(p)).containsExactly(List.of("store"), List.of("lock"));
    }

    @Test
    void userDefinedFunctionsSeeOnlyTheirParameters() {
        PreparedDeployment p = prepare("""
                {`functions`: [{`namespace`: `contoso`, `members`: {`greet`: {`parameters`: [{`name`: `who`, `type`: `string`}],
                   `output`: {`type`: `string`, `value`: `[concat('Hello, ', parameters('who'))]`}}}}],
                 `resources`: [], `outputs`: {`g`: {`type`: `string`, `value`: `[contoso.greet('you')]`}}}""");
        assertThat(p.outputs(new FakeRuntime()).get("g")).isEqualTo(json("{`type`: `String`, `value`: `Hello, you`}"));
    }

    @Test
    void outputsCallTheRuntimeForReferencesAndSupportCopy() {
        PreparedDeployment p = prepare("""
                {`resources`: [{`type`: `Microsoft.Storage/storageAccounts`, `apiVersion`: `2022-09-01`, `name`: `sa`}],
                 `outputs`: {`blob`: {`type`: `string`, `value`: `[reference('sa').primaryEndpoints.blob]`},
                             `keys`: {`type`: `string`, `value`: `[listKeys('sa', '2022-09-01').keys[0].value]`},
                             `names`: {`type`: `array`, `copy`: {`count`: 2, `input`: `[concat('n', copyIndex())]`}},
                             `skipped`: {`type`: `string`, `condition`: false, `value`: `x`}}}""");
        var outputs = p.outputs(new FakeRuntime());
        assertThat(outputs.get("blob").path("value").asText()).isEqualTo("https://sa.blob.core.windows.net/");
        assertThat(outputs.get("keys").path("value").asText()).isEqualTo("fake-key-1");
        assertThat(outputs.get("names").path("value")).isEqualTo(json("[`n0`, `n1`]"));
        assertThat(outputs).doesNotContainKey("skipped");
    }

    @Test
    void anInnerScopeNestedDeploymentKeepsItsTemplateAndEvaluatesItsParameters() {
        PreparedDeployment p = prepare("""
                {`parameters`: {`loc`: {`type`: `string`, `defaultValue`: `westus`}}, `resources`: [
                  {`type`: `Microsoft.Resources/deployments`, `apiVersion`: `2022-09-01`, `name`: `inner`, `resourceGroup`: `other-rg`,
                   `properties`: {`mode`: `Incremental`, `expressionEvaluationOptions`: {`scope`: `inner`},
                     `parameters`: {`location`: {`value`: `[parameters('loc')]`}},
                     `template`: {`parameters`: {`location`: {`type`: `string`}}, `resources`: [], `outputs`: {`o`: {`type`: `string`, `value`: `[parameters('location')]`}}}}},
                  {`type`: `Microsoft.Resources/deployments`, `apiVersion`: `2022-09-01`, `name`: `outer`,
                   `properties`: {`mode`: `Incremental`, `template`: {`resources`: [], `outputs`: {`o`: {`type`: `string`, `value`: `[parameters('loc')]`}}}}}]}""");
        assertThat(p.resources().get(0).resourceId()).isEqualTo("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other-rg/providers/Microsoft.Resources/deployments/inner");
        JsonNode inner = p.render(p.resources().get(0), new FakeRuntime());
        assertThat(inner.at("/properties/parameters/location/value").asText()).isEqualTo("westus");
        assertThat(inner.at("/properties/template/outputs/o/value").asText()).isEqualTo("[parameters('location')]");
        JsonNode outer = p.render(p.resources().get(1), new FakeRuntime());
        assertThat(outer.at("/properties/template/outputs/o/value").asText()).isEqualTo("westus");
    }

    @Test
    void unknownFunctionsAndBadSyntaxAreAllReportedWithTheirPaths() {
        TemplateException e = failure("""
                {`resources`: [], `variables`: {`a`: `[nope()]`, `b`: `[concat('x']`}}""", null);
        assertThat(e.diagnostics()).extracting(d -> d.jsonPath()).containsExactly("$.variables.a", "$.variables.b");
    }

    @Test
    void aSubscriptionScopeDeploymentCreatesResourceGroups() {
        PreparedDeployment p = TemplateEngine.prepare(json("""
                {`$schema`: `https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#`,
                 `resources`: [{`type`: `Microsoft.Resources/resourceGroups`, `apiVersion`: `2022-09-01`, `name`: `rg1`, `location`: `westus`}]}"""),
                null, TestScopes.SUBSCRIPTION);
        assertThat(p.resources().get(0).resourceId()).isEqualTo("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1");
    }
}
