package io.strato.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Microsoft.Network over HTTPS: children kept inside their parent, allocation under concurrency, in-use refusals. */
class NetworkIT {
    static final String RG_V = "?api-version=2021-04-01", V = "?api-version=2022-01-01", HYBRID = "?api-version=2018-11-01";
    static final Arm arm = new Arm();
    static final String RG = "rg-net-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void createGroup() throws Exception {
        assertThat(arm.put(arm.sub() + "/resourcegroups/" + RG + RG_V, "{\"location\":\"local\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void deleteGroup() throws Exception {
        Arm.Reply r = arm.delete(arm.sub() + "/resourcegroups/" + RG + RG_V);
        if (r.status() == 202) arm.pollLocation(r.header("Location"));
    }

    static String net(String path) { return arm.sub() + "/resourceGroups/" + RG + "/providers/Microsoft.Network/" + path; }

    static String id(String path) { return net(path).replaceFirst("^https://[^/]+", ""); }

    static String vnet(String name, String prefix, String subnets) {
        return "{\"location\":\"local\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"" + prefix + "\"]},\"subnets\":[" + subnets + "]}}";
    }

    static String subnet(String name, String prefix) { return "{\"name\":\"" + name + "\",\"properties\":{\"addressPrefix\":\"" + prefix + "\"}}"; }

    static String nic(String subnetId, String extra) {
        return "{\"location\":\"local\",\"properties\":{\"ipConfigurations\":[{\"name\":\"ip1\",\"properties\":{\"subnet\":{\"id\":\"" + subnetId + "\"}" + extra + "}}]}}";
    }

    @Test
    void a_subnet_put_on_its_own_url_and_the_inline_array_are_one_state() throws Exception {
        assertThat(arm.put(net("virtualNetworks/one" + V), vnet("one", "10.10.0.0/16", subnet("a", "10.10.1.0/24"))).status()).isEqualTo(201);
        Arm.Reply child = arm.put(net("virtualNetworks/one/subnets/b" + V), "{\"properties\":{\"addressPrefix\":\"10.10.2.0/24\"}}");
        assertThat(child.status()).isEqualTo(201);
        assertThat(child.json().path("id").asText()).endsWith("/virtualNetworks/one/subnets/b");
        assertThat(child.json().path("type").asText()).isEqualTo("Microsoft.Network/virtualNetworks/subnets");
        assertThat(arm.get(net("virtualNetworks/one" + V)).json().path("properties").path("subnets")).extracting(s -> s.path("name").asText())
                .containsExactly("a", "b");
        assertThat(arm.get(net("virtualNetworks/one/subnets" + V)).json().path("value")).hasSize(2);
        assertThat(arm.get(net("virtualNetworks/one/subnets/B" + HYBRID)).json().path("properties").path("addressPrefix").asText()).isEqualTo("10.10.2.0/24");
        // the 2018-11-01 schema (and Azure's examples of it) have no type on subnets
        assertThat(arm.get(net("virtualNetworks/one/subnets/B" + HYBRID)).json().has("type")).isFalse();
        // a vnet PUT without a subnet removes it
        assertThat(arm.put(net("virtualNetworks/one" + V), vnet("one", "10.10.0.0/16", subnet("b", "10.10.2.0/24"))).status()).isEqualTo(200);
        Arm.Reply gone = arm.get(net("virtualNetworks/one/subnets/a" + V));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("ResourceNotFound");
        assertThat(arm.delete(net("virtualNetworks/one/subnets/b" + V)).status()).isEqualTo(200);
        assertThat(arm.delete(net("virtualNetworks/one/subnets/b" + V)).status()).isEqualTo(204);
    }

    @Test
    void bad_prefixes_are_refused_with_azures_codes_and_a_target() throws Exception {
        Arm.Reply outside = arm.put(net("virtualNetworks/bad" + V), vnet("bad", "10.20.0.0/16", subnet("a", "10.21.0.0/24")));
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.errorCode()).isEqualTo("NetcfgSubnetRangeOutsideVnet");
        assertThat(outside.json().path("error").path("target").asText()).isEqualTo("properties.subnets[0].properties.addressPrefix");
        assertThat(arm.put(net("virtualNetworks/bad" + V), vnet("bad", "10.20.0.0/16", subnet("a", "10.20.0.0/24") + "," + subnet("b", "10.20.0.0/25"))).errorCode())
                .isEqualTo("NetcfgSubnetRangesOverlap");
        assertThat(arm.put(net("virtualNetworks/bad" + V), vnet("bad", "10.20.0.1/16", "")).errorCode()).isEqualTo("InvalidCIDRNotation");
        assertThat(arm.get(net("virtualNetworks/bad" + V)).status()).isEqualTo(404);
    }

    @Test
    void interfaces_created_at_once_never_share_an_address() throws Exception {
        assertThat(arm.put(net("virtualNetworks/busy" + V), vnet("busy", "10.30.0.0/16", subnet("a", "10.30.1.0/24"))).status()).isEqualTo(201);
        String subnetId = id("virtualNetworks/busy/subnets/a");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Arm.Reply>> puts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String name = "busy" + i;
                puts.add(pool.submit(() -> arm.put(net("networkInterfaces/" + name + V), nic(subnetId, ""))));
            }
            Set<String> addresses = new HashSet<>();
            for (Future<Arm.Reply> f : puts) {
                Arm.Reply r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                addresses.add(r.json().path("properties").path("ipConfigurations").path(0).path("properties").path("privateIPAddress").asText());
            }
            assertThat(addresses).hasSize(12).allMatch(a -> a.startsWith("10.30.1."));
        } finally {
            pool.shutdownNow();
        }
        JsonNode subnet = arm.get(net("virtualNetworks/busy/subnets/a" + V)).json();
        assertThat(subnet.path("properties").path("ipConfigurations")).hasSize(12);
    }

    @Test
    void what_others_use_cannot_be_deleted() throws Exception {
        assertThat(arm.put(net("networkSecurityGroups/guard" + V), "{\"location\":\"local\"}").status()).isEqualTo(201);
        String nsgId = id("networkSecurityGroups/guard");
        assertThat(arm.put(net("virtualNetworks/used" + V), vnet("used", "10.40.0.0/16",
                "{\"name\":\"a\",\"properties\":{\"addressPrefix\":\"10.40.1.0/24\",\"networkSecurityGroup\":{\"id\":\"" + nsgId + "\"}}}")).status()).isEqualTo(201);
        assertThat(arm.put(net("networkInterfaces/user" + V), nic(id("virtualNetworks/used/subnets/a"), "")).status()).isEqualTo(201);
        Arm.Reply subnet = arm.delete(net("virtualNetworks/used/subnets/a" + V));
        assertThat(subnet.status()).isEqualTo(400);
        assertThat(subnet.errorCode()).isEqualTo("InUseSubnetCannotBeDeleted");
        assertThat(arm.delete(net("networkSecurityGroups/guard" + V)).errorCode()).isEqualTo("InUseNetworkSecurityGroupCannotBeDeleted");
        assertThat(arm.delete(net("virtualNetworks/used" + V)).errorCode()).isEqualTo("InUseSubnetCannotBeDeleted");
        assertThat(arm.delete(net("networkInterfaces/user" + V)).status()).isEqualTo(200);
        assertThat(arm.delete(net("virtualNetworks/used" + V)).status()).isEqualTo(200);
        assertThat(arm.delete(net("networkSecurityGroups/guard" + V)).status()).isEqualTo(200);
    }

    @Test
    void a_security_rule_has_its_own_url_and_a_taken_priority_conflicts() throws Exception {
        assertThat(arm.put(net("networkSecurityGroups/rules" + V), "{\"location\":\"local\"}").status()).isEqualTo(201);
        String rule = "{\"properties\":{\"priority\":100,\"direction\":\"Inbound\",\"access\":\"Allow\",\"protocol\":\"Tcp\",\"sourceAddressPrefix\":\"*\","
                + "\"sourcePortRange\":\"*\",\"destinationAddressPrefix\":\"*\",\"destinationPortRange\":\"22\"}}";
        assertThat(arm.put(net("networkSecurityGroups/rules/securityRules/ssh" + V), rule).status()).isEqualTo(201);
        Arm.Reply clash = arm.put(net("networkSecurityGroups/rules/securityRules/ssh2" + V), rule);
        assertThat(clash.status()).isEqualTo(400);
        assertThat(clash.errorCode()).isEqualTo("SecurityRuleConflict");
        JsonNode group = arm.get(net("networkSecurityGroups/rules" + V)).json();
        assertThat(group.path("properties").path("securityRules")).extracting(r -> r.path("name").asText()).containsExactly("ssh");
        assertThat(group.path("properties").path("defaultSecurityRules")).hasSize(6);
    }
}
