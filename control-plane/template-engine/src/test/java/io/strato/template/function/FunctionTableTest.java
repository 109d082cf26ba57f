package io.strato.template.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.template.TemplateEngine;
import io.strato.template.TestScopes;
import io.strato.template.diagnostic.TemplateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: each case is an expression, the JSON Azure returns for it, and why. */
class FunctionTableTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                c("[concat('a', 'b', 1, true())]", "\"ab1True\"", "concat renders numbers and booleans as .NET does"),
                c("[concat(createArray(1), createArray(2, 3))]", "[1,2,3]", "concat appends arrays"),
                c("[format('{0:D3}-{1}', 7, 'x')]", "\"007-x\"", "D3 pads with zeros"),
                c("[format('{0:N0}', 8175133)]", "\"8,175,133\"", "docs sample: N0 groups thousands"),
                c("[format('{0:N2}', 1234)]", "\"1,234.00\"", "N2 keeps two decimals"),
                c("[format('{{{0}}}', 'x')]", "\"{x}\"", "doubled braces are literal"),
                c("[format('{0,5}|{1,-3}|', 'ab', 'c')]", "\"   ab|c  |\"", "alignment pads"),
                c("[format('{0:X}', 255)]", "\"FF\"", "hex"),
                c("[uniqueString('aaa')]", "\"zavj67f3en4hc\"", "value observed on Azure"),
                c("[toLower('ABC')]", "\"abc\"", "toLower"),
                c("[string(createObject('valueA', 10, 'valueB', 'Example Text'))]", "\"{\\\"valueA\\\":10,\\\"valueB\\\":\\\"Example Text\\\"}\"", "docs sample: compact JSON"),
                c("[json('{''a'': 1}')]", "{\"a\":1}", "json accepts single quotes like Newtonsoft"),
                c("[json('null')]", "null", "json('null') is null"),
                c("[int('42')]", "42", "int parses strings"),
                c("[bool('TRUE')]", "true", "bool ignores case"),
                c("[if(true(), 'yes', fail())]", "\"yes\"", "if evaluates only the chosen branch"),
                c("[equals(createArray(1, 'a'), createArray(1, 'a'))]", "true", "equals is deep"),
                c("[equals('a', 'A')]", "false", "equals is case-sensitive on strings"),
                c("[greater('A', 'a')]", "true", "docs sample: invariant culture puts upper case after lower case"),
                c("[less(5, 10)]", "true", "integers compare numerically"),
                c("[and(true(), false())]", "false", "and"),
                c("[or(false(), true())]", "true", "or"),
                c("[not(true())]", "false", "not"),
                c("[length('hello')]", "5", "string length"),
                c("[empty(null())]", "true", "null is empty"),
                c("[contains(createObject('Key', 1), 'key')]", "true", "object keys compare ignoring case"),
                c("[contains('OneTwo', 'two')]", "false", "string containment is case-sensitive"),
                c("[first(createArray())]", "null", "first of an empty array is null"),
                c("[last('abc')]", "\"c\"", "last character"),
                c("[take(createArray(1,2,3), 5)]", "[1,2,3]", "take clamps"),
                c("[skip('abc', -1)]", "\"abc\"", "skip clamps negatives"),
                c("[union(createObject('a', createObject('x', 1)), createObject('a', createObject('y', 2)))]", "{\"a\":{\"x\":1,\"y\":2}}", "union merges nested objects"),
                c("[union(createArray(1,2), createArray(2,3))]", "[1,2,3]", "union drops duplicates"),
                c("[intersection(createArray(1,2,3), createArray(2,3,4))]", "[2,3]", "intersection"),
                c("[range(5, 3)]", "[5,6,7]", "docs sample"),
                c("[min(createArray(3, 1, 2))]", "1", "min of array"),
                c("[max(1, 9, 4)]", "9", "max of arguments"),
                c("[split('a,b;c', createArray(',', ';'))]", "[\"a\",\"b\",\"c\"]", "split on several delimiters"),
                c("[join(createArray('a', 'b'), '-')]", "\"a-b\"", "join"),
                c("[replace('1231231234', '123', 'xxx')]", "\"xxxxxxxxx4\"", "replace all occurrences"),
                c("[substring('one two three', 4, 3)]", "\"two\"", "docs sample"),
                c("[indexOf('test', 'T')]", "0", "indexOf ignores case"),
                c("[lastIndexOf('abcdef', 'z')]", "-1", "not found"),
                c("[startsWith('abcdef', 'AB')]", "true", "startsWith ignores case"),
                c("[trim('  x  ')]", "\"x\"", "trim"),
                c("[padLeft(123, 10, '0')]", "\"0000000123\"", "docs sample"),
                c("[base64('one, two, three')]", "\"b25lLCB0d28sIHRocmVl\"", "docs sample"),
                c("[base64ToString('b25lLCB0d28sIHRocmVl')]", "\"one, two, three\"", "docs sample"),
                c("[dataUri('Hello')]", "\"data:text/plain;charset=utf8;base64,SGVsbG8=\"", "docs sample"),
                c("[dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')]", "\"Hello, World!\"", "docs sample"),
                c("[uri('http://contoso.com/resources/', 'nested/azuredeploy.json')]", "\"http://contoso.com/resources/nested/azuredeploy.json\"", "docs sample"),
                c("[uriComponent('http://contoso.com/a b')]", "\"http%3A%2F%2Fcontoso.com%2Fa%20b\"", "EscapeDataString"),
                c("[uriComponentToString('http%3A%2F%2Fcontoso.com')]", "\"http://contoso.com\"", "decode"),
                c("[add(9223372036854775806, 1)]", "9223372036854775807", "64-bit integers"),
                c("[div(7, 2)]", "3", "integer division truncates"),
                c("[mod(-7, 2)]", "-1", ".NET remainder keeps the dividend's sign"),
                c("[createObject('a', 1).a]", "1", "property access"),
                c("[createObject('Name', 1).name]", "1", "property access ignores case"),
                c("[createArray(10, 20)[1]]", "20", "index access"),
                c("[coalesce(null(), null(), 'x')]", "\"x\"", "coalesce"),
                c("[items(createObject('b', 2, 'a', 1))]", "[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":2}]", "items are ordered by key"),
                c("[objectKeys(createObject('b', 2, 'a', 1))]", "[\"b\",\"a\"]", "objectKeys keeps declaration order"),
                c("[tryGet(createObject('a', 1), 'b')]", "null", "tryGet of a missing key"),
                c("[filter(range(0, 5), lambda('i', greater(lambdaVariables('i'), 2)))]", "[3,4]", "filter"),
                c("[map(createArray(1, 2), lambda('x', mul(lambdaVariables('x'), 10)))]", "[10,20]", "map"),
                c("[reduce(createArray(1, 2, 3), 0, lambda('acc', 'x', add(lambdaVariables('acc'), lambdaVariables('x'))))]", "6", "reduce"),
                c("[sort(createArray(3, 1, 2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]", "[1,2,3]", "sort"),
                c("[toObject(createArray('a', 'b'), lambda('x', lambdaVariables('x')), lambda('x', length(lambdaVariables('x'))))]", "{\"a\":1,\"b\":1}", "toObject"),
                c("[parseCidr('10.144.0.0/20')]", "{\"network\":\"10.144.0.0\",\"netmask\":\"255.255.240.0\",\"broadcast\":\"10.144.15.255\",\"firstUsable\":\"10.144.0.1\",\"lastUsable\":\"10.144.15.254\",\"cidr\":20}", "docs sample"),
                c("[cidrSubnet('10.144.0.0/20', 24, 2)]", "\"10.144.2.0/24\"", "docs sample"),
                c("[cidrHost('10.144.3.0/24', 0)]", "\"10.144.3.1\"", "docs sample: hosts start after the network address"),
                c("[parseCidr('fdad:3236:5555::/48').lastUsable]", "\"fdad:3236:5555:ffff:ffff:ffff:ffff:ffff\"", "docs sample (IPv6)"),
                c("[dateTimeAdd('2023-01-01 00:00:00Z', 'P1Y')]", "\"2024-01-01T00:00:00Z\"", "docs: P1Y is 365 days"),
                c("[dateTimeAdd('2024-01-01 00:00:00Z', 'P1Y')]", "\"2024-12-31T00:00:00Z\"", "docs: no leap-year calendar arithmetic"),
                c("[dateTimeAdd('2023-02-01 00:00:00Z', 'P1M')]", "\"2023-03-03T00:00:00Z\"", "docs: P1M is 30 days"),
                c("[dateTimeAdd('2020-04-07 14:53:14Z', '-PT1H', 'u')]", "\"2020-04-07 13:53:14Z\"", "negative duration and a standard format"),
                c("[dateTimeToEpoch('2023-02-16T00:00:00Z')]", "1676505600", "epoch seconds"),
                c("[dateTimeFromEpoch(1676505600)]", "\"2023-02-16T00:00:00Z\"", "from epoch"),
                c("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'default')]",
                        "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default\"", "child resource id"),
                c("[resourceId('other-rg', 'Microsoft.Storage/storageAccounts', 'sa')]",
                        "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other-rg/providers/Microsoft.Storage/storageAccounts/sa\"", "another group"),
                c("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r')]",
                        "\"/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/r\"", "subscription-level id"),
                c("[tenantResourceId('Microsoft.Billing/billingAccounts', 'b')]", "\"/providers/Microsoft.Billing/billingAccounts/b\"", "tenant-level id"),
                c("[extensionResourceId(resourceGroup().id, 'Microsoft.Authorization/locks', 'l')]",
                        "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg/providers/Microsoft.Authorization/locks/l\"", "extension id"),
                c("[sys.cidrHost('10.0.0.0/24', 3)]", "\"10.0.0.4\"", "the sys namespace prefix is accepted"),
                c("['it''s']", "\"it's\"", "doubled quote escapes a quote"),
                c("[[not an expression]", "\"[not an expression]\"", "[[ escapes an expression"));
    }

    static Arguments c(String expression, String expectedJson, String reason) {
        return Arguments.of(expression, expectedJson, reason);
    }

    @ParameterizedTest(name = "{0} is {1} because {2}")
    @MethodSource("cases")
    void evaluatesAsAzureDoes(String expression, String expectedJson, String reason) throws Exception {
        assertThat(TemplateEngine.evaluate(expression, TestScopes.RESOURCE_GROUP))
                .as(reason).isEqualTo(ArmValues.normalize(ArmValues.MAPPER.readTree(expectedJson)));
    }

    @ParameterizedTest(name = "{0} fails")
    @MethodSource("failures")
    void rejectsInvalidCallsWithADiagnostic(String expression) {
        assertThatThrownBy(() -> TemplateEngine.evaluate(expression, TestScopes.RESOURCE_GROUP)).isInstanceOf(TemplateException.class);
    }

    static Stream<String> failures() {
        return Stream.of("[div(1, 0)]", "[noSuchFunction()]", "[concat('a', createArray(1))]", "[substring('abc', 2, 5)]",
                "[createArray(1)[3]]", "[createObject('a', 1).b]", "[utcNow()]", "[copyIndex()]", "[parameters('missing')]",
                "[reference('x')]", "[add(9223372036854775807, 1)]", "[concat('a']", "[json('{')]", "[range(0, 10001)]");
    }

    @org.junit.jupiter.api.Test
    void everyFunctionOfTheCorpusTableIsRegistered() throws Exception {
        Path table = Path.of(System.getProperty("strato.shared", "../../../shared"), "arm/functions.tsv");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(table), "the shared corpus is not on this machine");
        List<String> missing = Files.readAllLines(table).stream().skip(1)
                .map(l -> l.split("\t")[0])
                .filter(n -> !n.equals("list*"))
                .filter(n -> FunctionTable.builtIns().find(n).isEmpty())
                .map(n -> n.toLowerCase(Locale.ROOT))
                .toList();
        assertThat(missing).isEmpty();
    }
}
