package io.strato.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Template deployments ({@code Microsoft.Resources/deployments}) over the REST API, as a user of az/PowerShell/SDKs
 * sees them: validate, what-if, PUT and its async operation, outputs, operations, nested deployments, modes,
 * secure parameters, cancel/delete, subscription scope.
 */
class DeploymentsIT {
    static final String RG_V = "?api-version=2021-04-01", SA_V = "?api-version=2022-09-01";
    static final Arm arm = new Arm();
    static final Deploy deploy = new Deploy(arm);
    static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    static final List<String> groups = new ArrayList<>();
    static final List<String> subscriptionDeployments = new ArrayList<>();
    static final List<String> tenantDeployments = new ArrayList<>();
    static final String TENANT_DEPLOYMENTS = "/providers/Microsoft.Resources/deployments/";
    static final String TENANT_SCHEMA = "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#";

    @AfterAll
    static void deleteGroups() throws Exception {
        for (String g : groups) arm.delete(arm.sub() + "/resourcegroups/" + g + RG_V);
        for (String d : subscriptionDeployments) arm.delete(deploy.url(null, d) + RG_V);
        for (String d : tenantDeployments) arm.delete(TENANT_DEPLOYMENTS + d + RG_V);
    }

    /** A fresh resource group for one test. */
    static String group(String purpose) throws Exception {
        String name = "rg-dep-" + purpose + "-" + RUN;
        Arm.Reply r = arm.put(arm.sub() + "/resourcegroups/" + name + RG_V, "{\"location\":\"local\",\"tags\":{\"suite\":\"deployments\"}}");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        groups.add(name);
        return name;
    }

    /** A storage account name nobody else uses (3-24 lowercase letters and digits). */
    static String accountName(String tag) { return ("sa" + tag + RUN + UUID.randomUUID().toString().replace("-", "")).substring(0, 24); }

    String accountUrl(String rg, String name) { return arm.sub() + "/resourceGroups/" + rg + "/providers/Microsoft.Storage/storageAccounts/" + name; }

    String accountId(String rg, String name) { return accountUrl(rg, name); }

    /** A storage account declaration; {@code name} is a JSON string (literal or expression), {@code extra} more members. */
    static String account(String name, String extra) {
        return """
                {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2022-09-01", "name": %s,
                 "location": "[resourceGroup().location]", "sku": {"name": "Standard_LRS"}, "kind": "StorageV2"%s}"""
                .formatted(name, extra.isEmpty() ? "" : ", " + extra);
    }

    static String quoted(String s) { return "\"" + s + "\""; }

    static JsonNode template(String parameters, String variables, String resources, String outputs) {
        return Deploy.json("""
                {"$schema": "%s", "contentVersion": "1.0.0.0",
                 "parameters": {%s}, "variables": {%s}, "resources": [%s], "outputs": {%s}}"""
                .formatted(Deploy.SCHEMA, parameters, variables, resources, outputs));
    }

    static JsonNode oneAccount(String name, String extra) { return template("", "", account(quoted(name), extra), ""); }

    static List<String> ids(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }

    static JsonNode change(JsonNode whatIf, String resourceId) {
        for (JsonNode c : whatIf.path("properties").path("changes")) {
            if (c.path("resourceId").asText().equalsIgnoreCase(resourceId)) return c;
        }
        throw new AssertionError("what-if has no change for " + resourceId + ": " + whatIf);
    }

    static void assertInvalid(Arm.Reply r, List<String> codes, String targetPrefix) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode error = r.json().path("error");
        assertThat(error.path("code").asText()).as(r.body()).isIn(codes);
        if (targetPrefix != null) assertThat(error.path("target").asText()).as(r.body()).startsWith(targetPrefix);
    }

    // --- validate ---

    @Test
    void validatingAGoodTemplateSucceedsListsTheResourcesItWouldDeployAndCreatesNothing() throws Exception {
        String rg = group("validate");
        JsonNode t = template("\"count\": {\"type\": \"int\", \"defaultValue\": 2, \"minValue\": 1, \"maxValue\": 5}", "",
                account("\"[concat('sav', uniqueString(resourceGroup().id), copyIndex())]\"", "\"copy\": {\"name\": \"accounts\", \"count\": \"[parameters('count')]\"}"),
                "");
        Arm.Reply r = deploy.validate(rg, "validate-good", Deploy.body(t, Deploy.parameters("count", 3)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode props = r.json().path("properties");
        assertThat(props.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(props.path("mode").asText()).isEqualTo("Incremental");
        assertThat(props.path("parameters").path("count").path("value").asInt()).isEqualTo(3);
        List<String> validated = ids(props.path("validatedResources"), "id");
        assertThat(validated).hasSize(3).allSatisfy(id -> assertThat(id).startsWith(arm.sub() + "/resourceGroups/" + rg + "/providers/Microsoft.Storage/storageAccounts/sav"));
        assertThat(validated.stream().map(id -> id.substring(id.length() - 1)).toList()).containsExactly("0", "1", "2");
        assertThat(props.path("providers").toString()).contains("Microsoft.Storage").contains("storageAccounts");
        // validation is a dry run: no account and no deployment record
        for (String id : validated) assertThat(arm.get(id + SA_V).status()).isEqualTo(404);
        assertThat(deploy.get(rg, "validate-good").errorCode()).isEqualTo("DeploymentNotFound");
    }

    @Test
    void aMalformedExpressionFailsValidationWithInvalidTemplateAndThePathOfTheExpression() throws Exception {
        String rg = group("badexpr");
        Arm.Reply inName = deploy.validate(rg, "bad-expression", Deploy.body(oneAccount("[concat('sa', ]", ""), null));
        assertInvalid(inName, List.of("InvalidTemplate", "InvalidTemplateExpression"), "$.resources[0].name");
        assertThat(inName.json().path("error").path("message").asText()).contains("concat('sa', ");
        Arm.Reply inOutput = deploy.validate(rg, "bad-expression", Deploy.body(template("", "", "", "\"o\": {\"type\": \"string\", \"value\": \"[toUpper('a'\"}"), null));
        // "[toUpper('a'" does not end with ']': it is a literal, not an expression
        assertThat(inOutput.status()).as(inOutput.body()).isEqualTo(200);
        Arm.Reply unknownFunction = deploy.validate(rg, "bad-expression", Deploy.body(template("", "", "", "\"o\": {\"type\": \"string\", \"value\": \"[noSuchFunction('a')]\"}"), null));
        assertInvalid(unknownFunction, List.of("InvalidTemplate", "InvalidTemplateExpression"), "$.outputs.o");
        assertThat(unknownFunction.json().path("error").path("message").asText()).containsIgnoringCase("noSuchFunction");
    }

    @Test
    void aResourceWhoseNameEvaluatesToEmptyFailsValidationAndWhatIf() throws Exception {
        String rg = group("emptyname");
        JsonNode t = template("\"n\": {\"type\": \"string\"}", "", account("\"[parameters('n')]\"", ""), "");
        for (Arm.Reply r : List.of(deploy.validate(rg, "empty-name", Deploy.body(t, Deploy.parameters("n", ""))),
                deploy.whatIf(rg, "empty-name", Deploy.body(t, Deploy.parameters("n", ""))),
                deploy.put(rg, "empty-name", Deploy.body(t, Deploy.parameters("n", ""))))) {
            assertInvalid(r, List.of("InvalidTemplate"), "$.resources[0]");
            assertThat(r.json().path("error").path("message").asText()).contains("name property cannot be null or empty");
        }
        assertThat(deploy.get(rg, "empty-name").status()).isEqualTo(404);
    }

    @Test
    void aMissingRequiredParameterFailsValidationNamingTheParameter() throws Exception {
        String rg = group("missing");
        JsonNode t = template("\"accountName\": {\"type\": \"string\"}, \"optional\": {\"type\": \"string\", \"defaultValue\": \"x\"}", "",
                account("\"[parameters('accountName')]\"", ""), "");
        Arm.Reply r = deploy.validate(rg, "missing-parameter", Deploy.body(t, Deploy.parameters("optional", "y")));
        assertInvalid(r, List.of("InvalidTemplate", "MissingRequiredParameter"), null);
        assertThat(r.json().path("error").path("message").asText()).contains("'accountName'");
        // the same refusal on PUT: nothing is recorded
        Arm.Reply put = deploy.put(rg, "missing-parameter", Deploy.body(t, null));
        assertThat(put.status()).as(put.body()).isEqualTo(400);
        assertThat(deploy.get(rg, "missing-parameter").status()).isEqualTo(404);
    }

    @Test
    void aParameterValueOutsideItsAllowedValuesFailsValidation() throws Exception {
        String rg = group("allowed");
        JsonNode t = template("\"sku\": {\"type\": \"string\", \"allowedValues\": [\"Standard_LRS\", \"Standard_GRS\"]}", "",
                account("\"[concat('sa', uniqueString(resourceGroup().id))]\"", ""), "");
        Arm.Reply r = deploy.validate(rg, "not-allowed", Deploy.body(t, Deploy.parameters("sku", "Premium_ZRS")));
        assertInvalid(r, List.of("InvalidTemplate", "InvalidDeploymentParameterValue"), null);
        assertThat(r.json().path("error").path("message").asText()).contains("Premium_ZRS").contains("'sku'");
        assertThat(deploy.validate(rg, "not-allowed", Deploy.body(t, Deploy.parameters("sku", "Standard_GRS"))).status()).isEqualTo(200);
        JsonNode bounded = template("\"n\": {\"type\": \"int\", \"minValue\": 1, \"maxValue\": 3}", "", "", "");
        assertInvalid(deploy.validate(rg, "out-of-range", Deploy.body(bounded, Deploy.parameters("n", 4))),
                List.of("InvalidTemplate", "InvalidDeploymentParameterValue"), null);
        assertInvalid(deploy.validate(rg, "wrong-type", Deploy.body(bounded, Deploy.parameters("n", "two"))),
                List.of("InvalidTemplate", "InvalidDeploymentParameterValue"), null);
    }

    @Test
    void aDependencyCycleFailsValidationNamingTheResourcesOfTheCycle() throws Exception {
        String rg = group("cycle");
        String a = accountName("cya"), b = accountName("cyb");
        JsonNode t = template("", "",
                account(quoted(a), "\"dependsOn\": [\"" + b + "\"]") + "," + account(quoted(b), "\"dependsOn\": [\"[resourceId('Microsoft.Storage/storageAccounts', '" + a + "')]\"]"),
                "");
        Arm.Reply r = deploy.validate(rg, "cycle", Deploy.body(t, null));
        assertInvalid(r, List.of("InvalidTemplate", "CircularDependency"), null);
        assertThat(r.json().path("error").path("message").asText()).containsIgnoringCase("circular").contains(a).contains(b);
        assertThat(deploy.put(rg, "cycle", Deploy.body(t, null)).status()).isEqualTo(400);
        assertThat(arm.get(accountUrl(rg, a) + SA_V).status()).isEqualTo(404);
    }

    @Test
    void aTemplateOverTheLimitsFailsValidation() throws Exception {
        String rg = group("limits");
        JsonNode copies = template("", "", account("\"[concat('salimit', copyIndex())]\"", "\"copy\": {\"name\": \"many\", \"count\": 801}"), "");
        Arm.Reply r = deploy.validate(rg, "too-many", Deploy.body(copies, null));
        assertInvalid(r, List.of("InvalidTemplate"), "$.resources[0].copy");
        assertThat(r.json().path("error").path("message").asText()).contains("801").contains("800");
        StringBuilder outputs = new StringBuilder();
        for (int i = 0; i < 65; i++) outputs.append(i == 0 ? "" : ",").append("\"o").append(i).append("\": {\"type\": \"int\", \"value\": ").append(i).append('}');
        assertInvalid(deploy.validate(rg, "too-many-outputs", Deploy.body(template("", "", "", outputs.toString()), null)), List.of("InvalidTemplate"), null);
        // 800 copies is within the limits
        JsonNode eightHundred = template("", "", account("\"[concat('salimit', copyIndex())]\"", "\"copy\": {\"name\": \"many\", \"count\": 800}"), "");
        Arm.Reply ok = deploy.validate(rg, "eight-hundred", Deploy.body(eightHundred, null));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("properties").path("validatedResources")).hasSize(800);
    }

    // --- deploy ---

    @Test
    void aDeploymentAnswers201WithAnAsyncOperationEndsSucceededAndItsOutputsFollowTheTemplate() throws Exception {
        String rg = group("put");
        JsonNode t = template("""
                        "prefix": {"type": "string", "defaultValue": "sa"},
                        "count": {"type": "int", "defaultValue": 2}""",
                """
                        "base": "[concat(parameters('prefix'), uniqueString(resourceGroup().id))]",
                        "copy": [{"name": "squares", "count": 4, "input": "[mul(copyIndex('squares'), copyIndex('squares'))]"}]""",
                account("\"[concat(variables('base'), copyIndex())]\"", "\"copy\": {\"name\": \"accounts\", \"count\": \"[parameters('count')]\"}, \"tags\": {\"index\": \"[string(copyIndex(1))]\"}"),
                """
                        "joined": {"type": "string", "value": "[concat(parameters('prefix'), '-', string(parameters('count')), '-', toUpper('x'))]"},
                        "azureUnique": {"type": "string", "value": "[uniqueString('aaa')]"},
                        "azureUniqueOfThree": {"type": "string", "value": "[uniqueString('xxx', 'yyy', 'zzz')]"},
                        "groupUnique": {"type": "string", "value": "[uniqueString(resourceGroup().id)]"},
                        "base": {"type": "string", "value": "[variables('base')]"},
                        "names": {"type": "array", "copy": {"count": "[parameters('count')]", "input": "[concat(variables('base'), copyIndex())]"}},
                        "squares": {"type": "array", "value": "[variables('squares')]"},
                        "firstBlob": {"type": "string", "value": "[reference(resourceId('Microsoft.Storage/storageAccounts', concat(variables('base'), '0'))).primaryEndpoints.blob]"},
                        "deploymentName": {"type": "string", "value": "[deployment().name]"}""");
        String name = "put-outputs";
        Arm.Reply put = deploy.put(rg, name, Deploy.body(t, Deploy.parameters("prefix", "sadep", "count", 3)));
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.header("Azure-AsyncOperation")).contains("/providers/Microsoft.Resources/deployments/" + name + "/operationStatuses/");
        assertThat(Deploy.state(put.json())).isIn("Accepted", "Running");
        JsonNode status = deploy.await(put, 120_000);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Succeeded");

        JsonNode d = deploy.get(rg, name).json();
        assertThat(d.path("id").asText()).isEqualTo(deploy.url(rg, name));
        assertThat(Deploy.state(d)).isEqualTo("Succeeded");
        JsonNode out = d.path("properties").path("outputs");
        assertThat(out.path("joined").path("value").asText()).isEqualTo("sadep-3-X");
        assertThat(out.path("azureUnique").path("value").asText()).as("uniqueString('aaa') as Azure computes it").isEqualTo("zavj67f3en4hc");
        assertThat(out.path("azureUniqueOfThree").path("value").asText()).isEqualTo("lghi7k5js7itq");
        String unique = out.path("groupUnique").path("value").asText();
        assertThat(unique).matches("[a-z0-9]{13}");
        String base = "sadep" + unique;
        assertThat(out.path("base").path("value").asText()).isEqualTo(base);
        assertThat(StreamSupport.stream(out.path("names").path("value").spliterator(), false).map(JsonNode::asText).toList())
                .containsExactly(base + "0", base + "1", base + "2");
        assertThat(out.path("squares").path("value").toString()).isEqualTo("[0,1,4,9]");
        assertThat(out.path("firstBlob").path("value").asText()).startsWith("https://" + base + "0.blob.");
        assertThat(out.path("deploymentName").path("value").asText()).isEqualTo(name);
        assertThat(out.path("joined").path("type").asText()).isEqualToIgnoringCase("String");

        List<String> created = ids(d.path("properties").path("outputResources"), "id");
        assertThat(created).containsExactlyInAnyOrder(accountId(rg, base + "0"), accountId(rg, base + "1"), accountId(rg, base + "2"));
        for (int i = 0; i < 3; i++) {
            Arm.Reply account = arm.get(accountUrl(rg, base + i) + SA_V);
            assertThat(account.status()).isEqualTo(200);
            assertThat(account.json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
            assertThat(account.json().path("tags").path("index").asText()).isEqualTo(String.valueOf(i + 1));
            assertThat(account.json().path("sku").path("name").asText()).isEqualTo("Standard_LRS");
        }
    }

    @Test
    void theOperationsOfADeploymentListEachResourceWithItsStateStatusCodeAndTarget() throws Exception {
        String rg = group("ops");
        String a = accountName("opa"), b = accountName("opb");
        JsonNode t = template("", "", account(quoted(a), "") + "," + account(quoted(b), "\"dependsOn\": [\"" + a + "\"]"), "");
        JsonNode d = deploy.run(rg, "operations", Deploy.body(t, null));
        assertThat(Deploy.state(d)).isEqualTo("Succeeded");
        Arm.Reply ops = arm.get(deploy.url(rg, "operations") + "/operations" + RG_V);
        assertThat(ops.status()).isEqualTo(200);
        JsonNode value = ops.json().path("value");
        assertThat(value).hasSize(2);
        for (JsonNode op : value) {
            JsonNode p = op.path("properties");
            assertThat(op.path("id").asText()).startsWith(deploy.url(rg, "operations") + "/operations/");
            assertThat(op.path("operationId").asText()).isNotBlank();
            assertThat(p.path("provisioningState").asText()).isEqualTo("Succeeded");
            assertThat(p.path("provisioningOperation").asText()).isEqualTo("Create");
            assertThat(p.path("statusCode").asText()).isIn("OK", "Created");
            assertThat(p.path("timestamp").asText()).isNotBlank();
            assertThat(p.path("targetResource").path("resourceType").asText()).isEqualTo("Microsoft.Storage/storageAccounts");
        }
        List<String> targets = StreamSupport.stream(value.spliterator(), false).map(o -> o.path("properties").path("targetResource").path("id").asText()).toList();
        assertThat(targets).containsExactlyInAnyOrder(accountId(rg, a), accountId(rg, b));
        List<String> names = StreamSupport.stream(value.spliterator(), false).map(o -> o.path("properties").path("targetResource").path("resourceName").asText()).toList();
        assertThat(names).containsExactlyInAnyOrder(a, b);
        // one operation by its id
        String opId = value.get(0).path("operationId").asText();
        Arm.Reply one = arm.get(deploy.url(rg, "operations") + "/operations/" + opId + RG_V);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("operationId").asText()).isEqualTo(opId);
        assertThat(arm.get(deploy.url(rg, "operations") + "/operations/" + UUID.randomUUID() + RG_V).status()).isEqualTo(404);
    }

    @Test
    void aResourceTheProviderRefusesFailsTheDeploymentAndItsOperationCarriesTheProvidersError() throws Exception {
        String rg = group("fail");
        String good = accountName("okf");
        JsonNode t = template("", "", account(quoted(good), "") + ","
                + "{\"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2022-09-01\", \"name\": \"" + accountName("bad") + "\", \"location\": \"local\", \"sku\": {\"name\": \"Gold_LRS\"}, \"kind\": \"StorageV2\"}",
                "");
        Arm.Reply put = deploy.put(rg, "failing", Deploy.body(t, null));
        JsonNode state;
        if (put.status() == 400) {
            // a provider's preflight may refuse the deployment up front, as Azure's does for an unknown SKU
            state = put.json();
            assertThat(state.path("error").toString()).containsIgnoringCase("sku");
            return;
        }
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        JsonNode status = deploy.await(put, 120_000);
        assertThat(status.path("status").asText()).isEqualTo("Failed");
        assertThat(status.path("error").path("code").asText()).isEqualTo("DeploymentFailed");
        JsonNode d = deploy.get(rg, "failing").json();
        assertThat(Deploy.state(d)).isEqualTo("Failed");
        assertThat(d.path("properties").path("error").path("code").asText()).isEqualTo("DeploymentFailed");
        assertThat(d.path("properties").path("error").path("details")).isNotEmpty();
        JsonNode failed = null;
        for (JsonNode op : arm.get(deploy.url(rg, "failing") + "/operations" + RG_V).json().path("value")) {
            if ("Failed".equals(op.path("properties").path("provisioningState").asText())) failed = op.path("properties");
        }
        assertThat(failed).as("a failed operation").isNotNull();
        assertThat(failed.path("statusCode").asText()).isEqualTo("BadRequest");
        assertThat(failed.path("statusMessage").path("error").path("code").asText()).isNotBlank();
        assertThat(failed.path("statusMessage").path("error").path("message").asText()).containsIgnoringCase("sku");
        // the two accounts start together: the refused one does not take the good one down with it
        JsonNode ok = null;
        for (JsonNode op : arm.get(deploy.url(rg, "failing") + "/operations" + RG_V).json().path("value")) {
            if (op.path("properties").path("targetResource").path("resourceName").asText().equals(good)) ok = op.path("properties");
        }
        assertThat(ok).as("the good account's operation").isNotNull();
        assertThat(ok.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(arm.get(accountUrl(rg, good) + "?api-version=2022-09-01").status()).isEqualTo(200);
    }

    // --- what-if and modes ---

    @Test
    void whatIfOfANewTemplateReportsCreateForEachResourceAndChangesNothing() throws Exception {
        String rg = group("wicreate");
        String a = accountName("wic");
        Arm.Reply r = deploy.whatIf(rg, "whatif-create", Deploy.body(oneAccount(a, "\"tags\": {\"env\": \"test\"}"), null));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("Succeeded");
        JsonNode c = change(r.json(), accountId(rg, a));
        assertThat(c.path("changeType").asText()).isEqualTo("Create");
        assertThat(c.path("after").path("tags").path("env").asText()).isEqualTo("test");
        assertThat(c.path("after").path("sku").path("name").asText()).isEqualTo("Standard_LRS");
        assertThat(arm.get(accountUrl(rg, a) + SA_V).status()).isEqualTo(404);
        assertThat(deploy.get(rg, "whatif-create").status()).isEqualTo(404);
    }

    @Test
    void whatIfAfterTheDeploymentReportsNoChangeAndAChangedTagAsModifyWithItsDelta() throws Exception {
        String rg = group("wimod");
        String a = accountName("wim");
        JsonNode t = oneAccount(a, "\"tags\": {\"env\": \"test\", \"team\": \"a\"}");
        assertThat(Deploy.state(deploy.run(rg, "whatif-base", Deploy.body(t, null)))).isEqualTo("Succeeded");
        Arm.Reply same = deploy.whatIf(rg, "whatif-again", Deploy.body(t, null));
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        JsonNode unchanged = change(same.json(), accountId(rg, a));
        assertThat(unchanged.path("changeType").asText()).as(unchanged.toString()).isEqualTo("NoChange");
        assertThat(unchanged.has("delta")).isFalse();

        JsonNode changed = oneAccount(a, "\"tags\": {\"env\": \"prod\", \"team\": \"a\"}");
        Arm.Reply modify = deploy.whatIf(rg, "whatif-modify", Deploy.body(changed, null));
        JsonNode c = change(modify.json(), accountId(rg, a));
        assertThat(c.path("changeType").asText()).as(c.toString()).isEqualTo("Modify");
        assertThat(c.path("before").path("tags").path("env").asText()).isEqualTo("test");
        assertThat(c.path("after").path("tags").path("env").asText()).isEqualTo("prod");
        JsonNode delta = c.path("delta");
        assertThat(delta).hasSize(1);
        assertThat(delta.get(0).path("path").asText()).isEqualTo("tags.env");
        assertThat(delta.get(0).path("propertyChangeType").asText()).isEqualTo("Modify");
        assertThat(delta.get(0).path("before").asText()).isEqualTo("test");
        assertThat(delta.get(0).path("after").asText()).isEqualTo("prod");
        // what-if changed nothing
        assertThat(arm.get(accountUrl(rg, a) + SA_V).json().path("tags").path("env").asText()).isEqualTo("test");

        // a property: the one that differs is the delta, the one that matches (TLS 1.2 is the default) is not
        JsonNode property = oneAccount(a, "\"tags\": {\"env\": \"test\", \"team\": \"a\"}, \"properties\": {\"minimumTlsVersion\": \"TLS1_2\", \"accessTier\": \"Cool\"}");
        JsonNode p = change(deploy.whatIf(rg, "whatif-property", Deploy.body(property, null)).json(), accountId(rg, a));
        assertThat(p.path("changeType").asText()).as(p.toString()).isEqualTo("Modify");
        assertThat(p.path("delta")).as(p.toString()).hasSize(1);
        assertThat(p.path("delta").get(0).path("path").asText()).isEqualTo("properties.accessTier");
        assertThat(p.path("delta").get(0).path("before").asText()).isEqualTo("Hot");
        assertThat(p.path("delta").get(0).path("after").asText()).isEqualTo("Cool");
        // deploying it makes the change, after which what-if sees nothing to do
        assertThat(Deploy.state(deploy.run(rg, "whatif-property", Deploy.body(property, null)))).isEqualTo("Succeeded");
        assertThat(arm.get(accountUrl(rg, a) + SA_V).json().path("properties").path("accessTier").asText()).isEqualTo("Cool");
        assertThat(change(deploy.whatIf(rg, "whatif-property", Deploy.body(property, null)).json(), accountId(rg, a)).path("changeType").asText())
                .isEqualTo("NoChange");
    }

    @Test
    void whatIfOfATemplateReadingAPropertyOfAnAccountItCreatesReportsCreateWithTheExpressionUnevaluated() throws Exception {
        String rg = group("wiref");
        String a = accountName("wra"), b = accountName("wrb");
        JsonNode t = template("", "", account(quoted(a), "") + "," + account(quoted(b),
                "\"dependsOn\": [\"" + a + "\"], \"tags\": {\"blob\": \"[reference(resourceId('Microsoft.Storage/storageAccounts', '" + a + "')).primaryEndpoints.blob]\"}"), "");
        Arm.Reply r = deploy.whatIf(rg, "whatif-reference", Deploy.body(t, null));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(change(r.json(), accountId(rg, a)).path("changeType").asText()).isEqualTo("Create");
        JsonNode c = change(r.json(), accountId(rg, b));
        assertThat(c.path("changeType").asText()).isEqualTo("Create");
        assertThat(c.path("after").path("tags").path("blob").asText()).startsWith("[reference(");
        // once deployed, the value is known and nothing changes
        JsonNode d = deploy.run(rg, "reference", Deploy.body(t, null));
        assertThat(Deploy.state(d)).isEqualTo("Succeeded");
        assertThat(arm.get(accountUrl(rg, b) + SA_V).json().path("tags").path("blob").asText()).startsWith("https://" + a + ".blob.");
        JsonNode again = deploy.whatIf(rg, "whatif-reference", Deploy.body(t, null)).json();
        assertThat(change(again, accountId(rg, b)).path("changeType").asText()).as(again.toString()).isEqualTo("NoChange");
    }

    @Test
    void completeModeWhatIfReportsDeleteForAnUndeclaredAccountAndTheDeploymentDeletesIt() throws Exception {
        String rg = group("complete");
        String kept = accountName("keep"), undeclared = accountName("gone");
        Arm.Reply created = arm.put(accountUrl(rg, undeclared) + SA_V, "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\"}");
        if (created.status() == 202) arm.pollLocation(created.header("Location"));
        assertThat(arm.get(accountUrl(rg, undeclared) + SA_V).status()).isEqualTo(200);
        JsonNode t = oneAccount(kept, "");

        JsonNode incremental = deploy.whatIf(rg, "complete-whatif", Deploy.body(t, null, "Incremental")).json();
        assertThat(change(incremental, accountId(rg, kept)).path("changeType").asText()).isEqualTo("Create");
        assertThat(change(incremental, accountId(rg, undeclared)).path("changeType").asText()).isEqualTo("Ignore");
        JsonNode complete = deploy.whatIf(rg, "complete-whatif", Deploy.body(t, null, "Complete")).json();
        assertThat(change(complete, accountId(rg, kept)).path("changeType").asText()).isEqualTo("Create");
        assertThat(change(complete, accountId(rg, undeclared)).path("changeType").asText()).isEqualTo("Delete");
        assertThat(arm.get(accountUrl(rg, undeclared) + SA_V).status()).as("what-if deletes nothing").isEqualTo(200);

        // an incremental deployment leaves the undeclared account alone, a complete one removes it
        assertThat(Deploy.state(deploy.run(rg, "incremental", Deploy.body(t, null, "Incremental")))).isEqualTo("Succeeded");
        assertThat(arm.get(accountUrl(rg, undeclared) + SA_V).status()).isEqualTo(200);
        JsonNode d = deploy.run(rg, "complete", Deploy.body(t, null, "Complete"));
        assertThat(Deploy.state(d)).isEqualTo("Succeeded");
        assertThat(d.path("properties").path("mode").asText()).isEqualTo("Complete");
        assertThat(arm.get(accountUrl(rg, undeclared) + SA_V).status()).isEqualTo(404);
        assertThat(arm.get(accountUrl(rg, kept) + SA_V).status()).isEqualTo(200);
        JsonNode contents = arm.get(arm.sub() + "/resourceGroups/" + rg + "/resources" + RG_V).json().path("value");
        assertThat(ids(contents, "name")).containsExactly(kept);
    }

    // --- nested deployments ---

    @Test
    void aNestedInlineDeploymentRunsAsADeploymentOfItsOwnInInnerAndOuterScope() throws Exception {
        String rg = group("nested");
        String innerAccount = accountName("inn"), outerAccount = accountName("out");
        String innerName = "inner-" + RUN, outerName = "outer-" + RUN;
        JsonNode t = template(
                "\"innerAccount\": {\"type\": \"string\"}",
                "\"outerAccount\": \"" + outerAccount + "\", \"label\": \"from-parent\"",
                """
                        {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "%s",
                         "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
                           "parameters": {"accountName": {"value": "[parameters('innerAccount')]"}},
                           "template": {"$schema": "%s", "contentVersion": "1.0.0.0",
                             "parameters": {"accountName": {"type": "string"}},
                             "variables": {"label": "from-inner"},
                             "resources": [%s],
                             "outputs": {"made": {"type": "string", "value": "[parameters('accountName')]"},
                                         "label": {"type": "string", "value": "[variables('label')]"}}}}},
                        {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "%s",
                         "properties": {"mode": "Incremental",
                           "template": {"$schema": "%s", "contentVersion": "1.0.0.0",
                             "resources": [%s]}}}"""
                        .formatted(innerName, Deploy.SCHEMA, account("\"[parameters('accountName')]\"", "\"tags\": {\"label\": \"[variables('label')]\"}"),
                                outerName, Deploy.SCHEMA, account("\"[variables('outerAccount')]\"", "\"tags\": {\"label\": \"[variables('label')]\"}")),
                """
                        "fromInner": {"type": "string", "value": "[reference('%s').outputs.made.value]"},
                        "innerLabel": {"type": "string", "value": "[reference('%s').outputs.label.value]"}""".formatted(innerName, innerName));
        JsonNode parent = deploy.run(rg, "parent", Deploy.body(t, Deploy.parameters("innerAccount", innerAccount)));
        assertThat(Deploy.state(parent)).as(parent.toString()).isEqualTo("Succeeded");
        assertThat(parent.path("properties").path("outputs").path("fromInner").path("value").asText()).isEqualTo(innerAccount);
        assertThat(parent.path("properties").path("outputs").path("innerLabel").path("value").asText()).isEqualTo("from-inner");

        JsonNode inner = deploy.get(rg, innerName).json();
        assertThat(inner.path("id").asText()).isEqualTo(deploy.url(rg, innerName));
        assertThat(Deploy.state(inner)).isEqualTo("Succeeded");
        assertThat(inner.path("properties").path("outputs").path("made").path("value").asText()).isEqualTo(innerAccount);
        assertThat(ids(inner.path("properties").path("outputResources"), "id")).containsExactly(accountId(rg, innerAccount));
        JsonNode outer = deploy.get(rg, outerName).json();
        assertThat(Deploy.state(outer)).isEqualTo("Succeeded");

        // inner scope: the nested template's own variables; outer scope: the parent's
        assertThat(arm.get(accountUrl(rg, innerAccount) + SA_V).json().path("tags").path("label").asText()).isEqualTo("from-inner");
        assertThat(arm.get(accountUrl(rg, outerAccount) + SA_V).json().path("tags").path("label").asText()).isEqualTo("from-parent");

        // the parent's operations show the nested deployments as their targets
        JsonNode ops = arm.get(deploy.url(rg, "parent") + "/operations" + RG_V).json().path("value");
        List<String> targets = StreamSupport.stream(ops.spliterator(), false).map(o -> o.path("properties").path("targetResource").path("id").asText()).toList();
        assertThat(targets).contains(deploy.url(rg, innerName), deploy.url(rg, outerName));
        // and the group's deployment list shows them, as Azure lists nested deployments
        List<String> listed = ids(arm.get(arm.sub() + "/resourceGroups/" + rg + "/providers/Microsoft.Resources/deployments" + RG_V).json().path("value"), "name");
        assertThat(listed).contains("parent", innerName, outerName);
    }

    // --- refusals ---

    @Test
    void aTemplateWithAnUnimplementedTypeIsRefusedWithNoRegisteredProviderFoundAndCreatesNothing() throws Exception {
        String rg = group("novm");
        String a = accountName("novm");
        JsonNode t = template("", "", account(quoted(a), "") + ","
                + """
                {"type": "Microsoft.Web/sites", "apiVersion": "2022-03-01", "name": "site1", "location": "[resourceGroup().location]",
                 "dependsOn": ["%s"], "properties": {}}""".formatted(a), "");
        Arm.Reply put = deploy.put(rg, "with-vm", Deploy.body(t, null));
        assertThat(put.status()).as(put.body()).isEqualTo(400);
        JsonNode error = put.json().path("error");
        assertThat(error.path("code").asText()).isIn("InvalidTemplateDeployment", "NoRegisteredProviderFound");
        List<String> codes = new ArrayList<>(List.of(error.path("code").asText()));
        error.path("details").forEach(x -> codes.add(x.path("code").asText()));
        assertThat(codes).contains("NoRegisteredProviderFound");
        assertThat(error.toString()).contains("Microsoft.Web/sites");
        assertThat(deploy.get(rg, "with-vm").errorCode()).isEqualTo("DeploymentNotFound");
        assertThat(arm.get(accountUrl(rg, a) + SA_V).status()).isEqualTo(404);
        assertThat(arm.get(arm.sub() + "/resourceGroups/" + rg + "/resources" + RG_V).json().path("value")).isEmpty();
        // validate says the same
        Arm.Reply v = deploy.validate(rg, "with-vm", Deploy.body(t, null));
        assertThat(v.status()).isEqualTo(400);
        assertThat(v.body()).contains("NoRegisteredProviderFound");
    }

    @Test
    void aLocationTheApplianceDoesNotOfferFailsValidationBeforeAnythingIsCreated() throws Exception {
        String rg = group("location");
        String good = accountName("lok"), bad = accountName("lwu");
        JsonNode t = template("", "", account(quoted(good), "") + ","
                + "{\"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2022-09-01\", \"name\": \"" + bad
                + "\", \"location\": \"West US\", \"sku\": {\"name\": \"Standard_LRS\"}, \"kind\": \"StorageV2\"}", "");
        Arm.Reply v = deploy.validate(rg, "westus", Deploy.body(t, null));
        assertThat(v.status()).as(v.body()).isEqualTo(400);
        assertThat(v.errorCode()).isEqualTo("InvalidTemplateDeployment");
        JsonNode detail = v.json().path("error").path("details").get(0);
        assertThat(detail.path("code").asText()).isEqualTo("LocationNotAvailableForResourceType");
        assertThat(detail.path("message").asText()).contains("'West US'").contains("'local'");
        assertThat(detail.path("target").asText()).isEqualTo(accountId(rg, bad));
        Arm.Reply put = deploy.put(rg, "westus", Deploy.body(t, null));
        assertThat(put.status()).as(put.body()).isEqualTo(400);
        assertThat(arm.get(accountUrl(rg, good) + SA_V).status()).isEqualTo(404);
        assertThat(deploy.get(rg, "westus").status()).isEqualTo(404);
    }

    @Test
    void secureParametersNeverAppearInTheDeploymentItsOperationsOrItsExportedTemplate() throws Exception {
        String rg = group("secure");
        String a = accountName("sec");
        String secret = "Sup3r-Secret-" + UUID.randomUUID();
        String objectSecret = "Obj3ct-Secret-" + UUID.randomUUID();
        JsonNode t = template("""
                        "password": {"type": "securestring"},
                        "settings": {"type": "secureObject"},
                        "withDefault": {"type": "securestring", "defaultValue": "Default-Secret-0042"},
                        "visible": {"type": "string"}""", "",
                account(quoted(a), "\"tags\": {\"passwordLength\": \"[string(length(parameters('password')))]\", \"hasKey\": \"[string(contains(parameters('settings'), 'key'))]\"}"),
                "\"seen\": {\"type\": \"string\", \"value\": \"[parameters('visible')]\"}");
        ObjectNode params = Deploy.parameters("password", secret, "visible", "plain-value");
        params.putObject("settings").putObject("value").put("key", objectSecret);
        Arm.Reply put = deploy.put(rg, "secure", Deploy.body(t, params));
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.body()).doesNotContain(secret).doesNotContain(objectSecret);
        assertThat(deploy.await(put, 120_000).path("status").asText()).isEqualTo("Succeeded");

        // the runner had the values: the tags computed from them are right
        JsonNode tags = arm.get(accountUrl(rg, a) + SA_V).json().path("tags");
        assertThat(tags.path("passwordLength").asText()).isEqualTo(String.valueOf(secret.length()));
        assertThat(tags.path("hasKey").asText()).isEqualToIgnoringCase("true");

        Arm.Reply got = deploy.get(rg, "secure");
        assertThat(got.json().path("properties").path("parameters").path("visible").path("value").asText()).isEqualTo("plain-value");
        Arm.Reply exported = arm.send("POST", deploy.url(rg, "secure") + "/exportTemplate" + RG_V, null);
        assertThat(exported.status()).isEqualTo(200);
        // the template comes back as it was sent (a default written into it is part of it); supplied values never
        assertThat(exported.body()).doesNotContain(secret).doesNotContain(objectSecret);
        for (Arm.Reply r : List.of(got, arm.get(deploy.url(rg, "secure") + "/operations" + RG_V),
                arm.get(arm.sub() + "/resourceGroups/" + rg + "/providers/Microsoft.Resources/deployments" + RG_V),
                deploy.validate(rg, "secure-validate", Deploy.body(t, params)))) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).doesNotContain(secret).doesNotContain(objectSecret).doesNotContain("Default-Secret-0042");
        }
        JsonNode parameters = got.json().path("properties").path("parameters");
        for (String secure : List.of("password", "settings", "withDefault")) {
            assertThat(parameters.path(secure).has("value")).as(secure).isFalse();
        }
        assertThat(exported.json().path("template").path("parameters").path("password")
                .path("type").asText()).isEqualToIgnoringCase("securestring");
    }

    // --- cancel, delete, list ---

    @Test
    void cancellingAFinishedDeploymentIsAConflictAndAnUnknownOneIsNotFound() throws Exception {
        String rg = group("cancel");
        assertThat(Deploy.state(deploy.run(rg, "finished", Deploy.body(template("", "", "", "\"o\": {\"type\": \"int\", \"value\": 1}"), null)))).isEqualTo("Succeeded");
        Arm.Reply r = arm.send("POST", deploy.url(rg, "finished") + "/cancel" + RG_V, null);
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("DeploymentCannotBeCancelled");
        assertThat(Deploy.state(deploy.get(rg, "finished").json())).isEqualTo("Succeeded");
        Arm.Reply unknown = arm.send("POST", deploy.url(rg, "never-ran") + "/cancel" + RG_V, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("DeploymentNotFound");
    }

    @Test
    void aRunningDeploymentCannotBeReplacedOrDeletedButCanBeCancelled() throws Exception {
        String rg = group("running");
        JsonNode t = template("", "", account("\"[concat('sarun', uniqueString(resourceGroup().id), copyIndex())]\"",
                "\"copy\": {\"name\": \"serial\", \"count\": 20, \"mode\": \"Serial\", \"batchSize\": 1}"), "");
        Arm.Reply put = deploy.put(rg, "serial", Deploy.body(t, null));
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        Arm.Reply again = deploy.put(rg, "serial", Deploy.body(t, null));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("DeploymentActive");
        Arm.Reply delete = arm.delete(deploy.url(rg, "serial") + RG_V);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.errorCode()).isEqualTo("DeploymentActive");
        Arm.Reply cancel = arm.send("POST", deploy.url(rg, "serial") + "/cancel" + RG_V, null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(204);
        assertThat(deploy.await(put, 60_000).path("status").asText()).isEqualTo("Canceled");
        assertThat(Deploy.state(deploy.get(rg, "serial").json())).isEqualTo("Canceled");
        Thread.sleep(1500);
        // the serial loop stopped: not all 20 accounts were started
        int made = arm.get(arm.sub() + "/resourceGroups/" + rg + "/resources" + RG_V).json().path("value").size();
        assertThat(made).isLessThan(20);
        assertThat(arm.get(deploy.url(rg, "serial") + "/operations" + RG_V).json().path("value").size()).isLessThan(20);
        // a cancelled deployment can be run again
        assertThat(Deploy.state(deploy.run(rg, "serial", Deploy.body(t, null)))).isEqualTo("Succeeded");
        assertThat(arm.get(arm.sub() + "/resourceGroups/" + rg + "/resources" + RG_V).json().path("value")).hasSize(20);
    }

    @Test
    void deletingADeploymentForgetsItButKeepsTheResourcesItCreated() throws Exception {
        String rg = group("delete");
        String a = accountName("del");
        assertThat(Deploy.state(deploy.run(rg, "to-delete", Deploy.body(oneAccount(a, ""), null)))).isEqualTo("Succeeded");
        Arm.Reply del = arm.delete(deploy.url(rg, "to-delete") + RG_V);
        // Deployments_Delete answers 202 (still deleting) or 204; az fails on anything else ("invalid status 'OK'")
        assertThat(del.status()).as(del.body()).isIn(202, 204);
        if (del.status() == 202) arm.pollLocation(del.header("Location"));
        Arm.Reply gone = deploy.get(rg, "to-delete");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("DeploymentNotFound");
        assertThat(arm.get(deploy.url(rg, "to-delete") + "/operations" + RG_V).status()).isEqualTo(404);
        assertThat(arm.get(accountUrl(rg, a) + SA_V).status()).isEqualTo(200);
        assertThat(arm.delete(deploy.url(rg, "to-delete") + RG_V).status()).as("deleting again").isEqualTo(204);
    }

    @Test
    void theDeploymentsOfAGroupAreListedAndFilteredByState() throws Exception {
        String rg = group("list");
        JsonNode ok = template("", "", "", "\"o\": {\"type\": \"string\", \"value\": \"x\"}");
        for (String n : List.of("first", "second")) assertThat(Deploy.state(deploy.run(rg, n, Deploy.body(ok, null)))).isEqualTo("Succeeded");
        String bad = accountName("lsb");
        JsonNode failing = template("", "", "{\"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2022-09-01\", \"name\": \"" + bad
                + "\", \"location\": \"local\", \"sku\": {\"name\": \"Standard_LRS\"}, \"kind\": \"NoSuchKind\"}", "");
        Arm.Reply failPut = deploy.put(rg, "third", Deploy.body(failing, null));
        if (failPut.status() == 201) deploy.await(failPut, 120_000);
        JsonNode all = arm.get(arm.sub() + "/resourceGroups/" + rg + "/providers/Microsoft.Resources/deployments" + RG_V).json().path("value");
        List<String> names = ids(all, "name");
        assertThat(names).contains("first", "second");
        for (JsonNode d : all) {
            assertThat(d.path("type").asText()).isEqualTo("Microsoft.Resources/deployments");
            assertThat(d.path("id").asText()).isEqualTo(deploy.url(rg, d.path("name").asText()));
        }
        JsonNode succeeded = arm.get(arm.sub() + "/resourceGroups/" + rg + "/providers/Microsoft.Resources/deployments" + RG_V + "&$filter="
                + Appliance.enc("provisioningState eq 'Succeeded'")).json().path("value");
        assertThat(ids(succeeded, "name")).containsExactlyInAnyOrder("first", "second");
        if (failPut.status() == 201) {
            JsonNode failed = arm.get(arm.sub() + "/resourceGroups/" + rg + "/providers/Microsoft.Resources/deployments" + RG_V + "&$filter="
                    + Appliance.enc("provisioningState eq 'Failed'")).json().path("value");
            assertThat(ids(failed, "name")).containsExactly("third");
        }
        JsonNode top = arm.get(arm.sub() + "/resourceGroups/" + rg + "/providers/Microsoft.Resources/deployments" + RG_V + "&$top=1").json().path("value");
        assertThat(top).hasSize(1);
    }

    @Test
    void deletingAGroupDeletesItsDeploymentHistory() throws Exception {
        String rg = "rg-dep-history-" + RUN;
        arm.put(arm.sub() + "/resourcegroups/" + rg + RG_V, "{\"location\":\"local\"}");
        assertThat(Deploy.state(deploy.run(rg, "old", Deploy.body(template("", "", "", ""), null)))).isEqualTo("Succeeded");
        Arm.Reply del = arm.delete(arm.sub() + "/resourcegroups/" + rg + RG_V);
        if (del.status() == 202) arm.pollLocation(del.header("Location"));
        arm.put(arm.sub() + "/resourcegroups/" + rg + RG_V, "{\"location\":\"local\"}");
        groups.add(rg);
        assertThat(deploy.get(rg, "old").status()).isEqualTo(404);
        assertThat(arm.get(arm.sub() + "/resourceGroups/" + rg + "/providers/Microsoft.Resources/deployments" + RG_V).json().path("value")).isEmpty();
    }

    @Test
    void aDeploymentToAMissingGroupIsResourceGroupNotFound() throws Exception {
        Arm.Reply r = deploy.put("rg-dep-missing-" + UUID.randomUUID(), "x", Deploy.body(template("", "", "", ""), null));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("ResourceGroupNotFound");
    }

    @Test
    void aBadDeploymentNameALinkedTemplateAndAnUnknownModeAreRefusedWithAzuresCodes() throws Exception {
        String rg = group("refuse");
        JsonNode t = template("", "", "", "");
        for (String bad : List.of("has%20space", "x".repeat(65), "semi;colon")) {
            Arm.Reply r = deploy.put(rg, bad, Deploy.body(t, null));
            assertThat(r.status()).as(bad + " " + r.body()).isEqualTo(400);
            assertThat(r.errorCode()).as(bad).isEqualTo("InvalidDeploymentName");
        }
        ObjectNode linked = Appliance.JSON.createObjectNode();
        linked.putObject("properties").put("mode", "Incremental").putObject("templateLink").put("uri", "https://example.com/azuredeploy.json");
        Arm.Reply l = deploy.put(rg, "linked", linked);
        assertThat(l.status()).isEqualTo(400);
        assertThat(l.errorCode()).isEqualTo("LinkedTemplateNotSupported");
        Arm.Reply mode = deploy.put(rg, "mode", Deploy.body(t, null, "Sideways"));
        assertThat(mode.status()).isEqualTo(400);
        assertThat(mode.errorCode()).isEqualTo("InvalidDeploymentMode");
        Arm.Reply noTemplate = arm.put(deploy.url(rg, "empty") + RG_V, "{\"properties\":{\"mode\":\"Incremental\"}}");
        assertThat(noTemplate.status()).isEqualTo(400);
        assertThat(deploy.get(rg, "linked").status()).isEqualTo(404);
    }

    // --- tenant and management-group scope ---

    @Test
    void aTenantDeploymentRunsANestedDeploymentInASubscriptionThatCreatesAGroup() throws Exception {
        String name = "tenant-" + RUN;
        String rg = "rg-dep-fromtenant-" + RUN;
        groups.add(rg);
        JsonNode t = Deploy.json("""
                {"$schema": "%s", "contentVersion": "1.0.0.0",
                 "resources": [{"type": "Microsoft.Resources/deployments", "apiVersion": "2021-04-01", "name": "toSub-%s",
                   "location": "local", "subscriptionId": "%s",
                   "properties": {"mode": "Incremental", "template": {
                     "$schema": "%s", "contentVersion": "1.0.0.0",
                     "resources": [{"type": "Microsoft.Resources/resourceGroups", "apiVersion": "2021-04-01", "name": "%s", "location": "local"}]}}}],
                 "outputs": {
                   "tenantId": {"type": "string", "value": "[tenant().tenantId]"},
                   "id": {"type": "string", "value": "[tenantResourceId('Microsoft.Resources/deployments', deployment().name)]"}}}"""
                .formatted(TENANT_SCHEMA, RUN, Appliance.get().subscriptionId, Deploy.SUB_SCHEMA, rg));
        ObjectNode body = Deploy.body(t, null);
        body.put("location", "local");
        Arm.Reply validated = arm.send("POST", TENANT_DEPLOYMENTS + name + "/validate" + RG_V, body.toString());
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        Arm.Reply whatIf = arm.send("POST", TENANT_DEPLOYMENTS + name + "/whatIf" + RG_V, body.toString());
        assertThat(whatIf.status()).as(whatIf.body()).isIn(200, 202);
        Arm.Reply put = arm.put(TENANT_DEPLOYMENTS + name + RG_V, body.toString());
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        tenantDeployments.add(name);
        assertThat(put.header("Azure-AsyncOperation")).startsWith(Appliance.get().armEndpoint + TENANT_DEPLOYMENTS + name + "/operationStatuses/");
        assertThat(deploy.await(put, 120_000).path("status").asText()).isEqualTo("Succeeded");
        JsonNode d = arm.get(TENANT_DEPLOYMENTS + name + RG_V).json();
        assertThat(d.path("id").asText()).isEqualTo(TENANT_DEPLOYMENTS + name);
        assertThat(d.path("properties").path("outputs").path("tenantId").path("value").asText()).isEqualTo(Appliance.get().tenantId);
        assertThat(d.path("properties").path("outputs").path("id").path("value").asText()).isEqualTo(TENANT_DEPLOYMENTS + name);
        assertThat(arm.get(arm.sub() + "/resourcegroups/" + rg + RG_V).status()).as("the group the nested deployment made").isEqualTo(200);
        assertThat(deploy.get(null, "toSub-" + RUN).json().path("properties").path("provisioningState").asText())
                .as("the nested deployment, in its subscription").isEqualTo("Succeeded");
        assertThat(ids(arm.get("/providers/Microsoft.Resources/deployments" + RG_V).json().path("value"), "name")).contains(name);
        assertThat(ids(arm.get(arm.sub() + "/providers/Microsoft.Resources/deployments" + RG_V).json().path("value"), "name"))
                .as("the subscription's history holds no tenant deployment").doesNotContain(name);
        assertThat(arm.delete(TENANT_DEPLOYMENTS + name + RG_V).status()).isEqualTo(204);
        assertThat(arm.get(TENANT_DEPLOYMENTS + name + RG_V).status()).isEqualTo(404);
    }

    @Test
    void aTenantTemplateAskingForItsSubscriptionIsInvalidAndCompleteModeIsRefused() throws Exception {
        JsonNode t = Deploy.json("""
                {"$schema": "%s", "contentVersion": "1.0.0.0", "resources": [],
                 "outputs": {"s": {"type": "string", "value": "[subscription().id]"}}}""".formatted(TENANT_SCHEMA));
        ObjectNode body = Deploy.body(t, null);
        body.put("location", "local");
        Arm.Reply r = arm.send("POST", TENANT_DEPLOYMENTS + "bad-" + RUN + "/validate" + RG_V, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("InvalidTemplate").contains("targets the tenant");
        ObjectNode complete = Deploy.body(Deploy.json("{\"resources\": []}"), null, "Complete");
        complete.put("location", "local");
        Arm.Reply c = arm.send("POST", TENANT_DEPLOYMENTS + "complete-" + RUN + "/validate" + RG_V, complete.toString());
        assertThat(c.status()).isEqualTo(400);
        assertThat(c.json().path("error").path("code").asText()).isEqualTo("InvalidDeploymentMode");
    }

    @Test
    void managementGroupsDoNotExistHereSoTheirDeploymentsAreManagementGroupNotFound() throws Exception {
        Arm.Reply direct = arm.put("/providers/Microsoft.Management/managementGroups/mg-" + RUN + "/providers/Microsoft.Resources/deployments/d" + RG_V,
                Deploy.body(Deploy.json("{\"resources\": []}"), null).put("location", "local").toString());
        assertThat(direct.status()).as(direct.body()).isEqualTo(404);
        assertThat(direct.json().path("error").path("code").asText()).isEqualTo("ManagementGroupNotFound");
        assertThat(direct.json().path("error").path("message").asText()).contains("mg-" + RUN);
        JsonNode t = Deploy.json("""
                {"$schema": "%s", "contentVersion": "1.0.0.0",
                 "resources": [{"type": "Microsoft.Resources/deployments", "apiVersion": "2021-04-01", "name": "toMg", "location": "local",
                   "scope": "Microsoft.Management/managementGroups/mg-%s",
                   "properties": {"mode": "Incremental", "template": {"$schema": "%s", "contentVersion": "1.0.0.0", "resources": []}}}]}"""
                .formatted(TENANT_SCHEMA, RUN, Deploy.SCHEMA));
        ObjectNode body = Deploy.body(t, null);
        body.put("location", "local");
        Arm.Reply nested = arm.send("POST", TENANT_DEPLOYMENTS + "mg-" + RUN + "/validate" + RG_V, body.toString());
        assertThat(nested.status()).as(nested.body()).isEqualTo(400);
        assertThat(nested.json().path("error").path("details").get(0).path("code").asText()).isEqualTo("ManagementGroupNotFound");
        Arm.Reply whatIf = arm.send("POST", TENANT_DEPLOYMENTS + "mg-" + RUN + "/whatIf" + RG_V, body.toString());
        if (whatIf.status() == 202) whatIf = arm.pollLocation(whatIf.header("Location"));
        assertThat(whatIf.body()).contains("ManagementGroupNotFound");
    }

    // --- subscription scope ---

    @Test
    void aSubscriptionScopeDeploymentRunsWithItsLocationAndAnswersItsOutputs() throws Exception {
        String name = "sub-outputs-" + RUN;
        JsonNode t = Deploy.json("""
                {"$schema": "%s", "contentVersion": "1.0.0.0",
                 "parameters": {"label": {"type": "string"}},
                 "resources": [],
                 "outputs": {
                   "subscriptionId": {"type": "string", "value": "[subscription().subscriptionId]"},
                   "name": {"type": "string", "value": "[deployment().name]"},
                   "label": {"type": "string", "value": "[toUpper(parameters('label'))]"},
                   "groupId": {"type": "string", "value": "[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg-x')]"},
                   "unique": {"type": "string", "value": "[uniqueString('aaa')]"}}}""".formatted(Deploy.SUB_SCHEMA));
        ObjectNode body = Deploy.body(t, Deploy.parameters("label", "sub"));
        body.put("location", "local");
        Arm.Reply validated = deploy.validate(null, name, body);
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        Arm.Reply put = deploy.put(null, name, body);
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        subscriptionDeployments.add(name);
        assertThat(put.header("Azure-AsyncOperation")).startsWith(Appliance.get().armEndpoint + deploy.url(null, name) + "/operationStatuses/");
        assertThat(deploy.await(put, 60_000).path("status").asText()).isEqualTo("Succeeded");
        JsonNode d = deploy.get(null, name).json();
        assertThat(d.path("id").asText()).isEqualTo(deploy.url(null, name));
        assertThat(d.path("location").asText()).isEqualTo("local");
        JsonNode out = d.path("properties").path("outputs");
        assertThat(out.path("subscriptionId").path("value").asText()).isEqualTo(Appliance.get().subscriptionId);
        assertThat(out.path("name").path("value").asText()).isEqualTo(name);
        assertThat(out.path("label").path("value").asText()).isEqualTo("SUB");
        assertThat(out.path("groupId").path("value").asText()).as("a group's id, as Azure answers it").isEqualTo(arm.sub() + "/resourceGroups/rg-x");
        assertThat(out.path("unique").path("value").asText()).isEqualTo("zavj67f3en4hc");
        List<String> listed = ids(arm.get(arm.sub() + "/providers/Microsoft.Resources/deployments" + RG_V).json().path("value"), "name");
        assertThat(listed).contains(name);
        // complete mode exists only for resource groups
        Arm.Reply complete = deploy.put(null, name + "-c", Deploy.body(t, Deploy.parameters("label", "x"), "Complete"));
        assertThat(complete.status()).isEqualTo(400);
    }

    @Test
    void aSubscriptionScopeTemplateDeclaringAResourceGroupCreatesIt() throws Exception {
        String name = "sub-rg-" + RUN, rg = "rg-dep-fromtemplate-" + RUN;
        JsonNode t = Deploy.json("""
                {"$schema": "%s", "contentVersion": "1.0.0.0",
                 "resources": [{"type": "Microsoft.Resources/resourceGroups", "apiVersion": "2021-04-01", "name": "%s",
                                "location": "local", "tags": {"made": "by-template"}}],
                 "outputs": {"id": {"type": "string", "value": "[subscriptionResourceId('Microsoft.Resources/resourceGroups', '%s')]"}}}"""
                .formatted(Deploy.SUB_SCHEMA, rg, rg));
        ObjectNode body = Deploy.body(t, null);
        body.put("location", "local");
        Arm.Reply put = deploy.put(null, name, body);
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        subscriptionDeployments.add(name);
        groups.add(rg);
        assertThat(deploy.await(put, 60_000).path("status").asText()).isEqualTo("Succeeded");
        Arm.Reply group = arm.get(arm.sub() + "/resourcegroups/" + rg + RG_V);
        assertThat(group.status()).isEqualTo(200);
        assertThat(group.json().path("tags").path("made").asText()).isEqualTo("by-template");
    }
}
