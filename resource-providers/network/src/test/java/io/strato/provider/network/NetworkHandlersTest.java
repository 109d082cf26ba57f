package io.strato.provider.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkHandlersTest {
    @TempDir Path data;
    private Harness api;
    private final InMemoryNetworkDriver driver = new InMemoryNetworkDriver();
    private final ResourceId vnet = Harness.id("virtualNetworks/v1");

    @BeforeEach
    void setUp() {
        api = new Harness(data, driver);
    }

    private void vnetWith(String subnets) {
        api.put(vnet, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16']},'subnets':[" + subnets + "]}}");
    }

    private static String subnet(String name, String prefix) { return "{'name':'" + name + "','properties':{'addressPrefix':'" + prefix + "'}}"; }

    private ResourceId nic(String name, String subnetName, String extra) {
        ResourceId id = Harness.id("networkInterfaces/" + name);
        api.put(id, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/" + subnetName + "'}" + extra + "}}]}}");
        return id;
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo(code));
    }

    @Test
    void a_subnet_outside_the_address_space_is_refused() {
        refused(() -> vnetWith(subnet("a", "10.1.0.0/24")), "NetcfgSubnetRangeOutsideVnet");
    }

    @Test
    void overlapping_subnets_are_refused() {
        refused(() -> vnetWith(subnet("a", "10.0.0.0/24") + "," + subnet("b", "10.0.0.128/25")), "NetcfgSubnetRangesOverlap");
    }

    @Test
    void overlapping_address_spaces_are_refused() {
        refused(() -> api.put(vnet, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16','10.0.1.0/24']}}}"), "VnetAddressSpacesOverlap");
    }

    @Test
    void a_prefix_with_host_bits_or_no_length_is_refused_with_azures_codes() {
        refused(() -> vnetWith(subnet("a", "10.0.0.5/24")), "InvalidCIDRNotation");
        refused(() -> vnetWith(subnet("a", "10.0.0.0")), "InvalidAddressPrefixFormat");
    }

    @Test
    void subnets_inline_and_as_children_are_one_state() {
        vnetWith(subnet("a", "10.0.1.0/24"));
        ResourceId b = ResourceId.parse(vnet + "/subnets/b");
        api.put(b, "{'properties':{'addressPrefix':'10.0.2.0/24'}}");
        assertThat(api.get(vnet).path("properties").path("subnets")).extracting(s -> s.path("name").asText()).containsExactly("a", "b");
        assertThat(api.get(b).path("id").asText()).isEqualTo(b.toString());
        assertThat(api.get(b).path("properties").path("addressPrefix").asText()).isEqualTo("10.0.2.0/24");
        vnetWith(subnet("b", "10.0.2.0/24"));
        assertThat(api.get(vnet).path("properties").path("subnets")).extracting(s -> s.path("name").asText()).containsExactly("b");
        assertThat(driver.applied().networks().get(0).subnets()).hasSize(1);
    }

    @Test
    void a_subnet_in_use_cannot_be_deleted_on_its_own_or_by_a_vnet_put_without_it() {
        vnetWith(subnet("a", "10.0.1.0/24"));
        nic("n1", "a", "");
        refused(() -> api.delete(ResourceId.parse(vnet + "/subnets/a")), "InUseSubnetCannotBeDeleted");
        refused(() -> api.put(vnet, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16']}}}"), "InUseSubnetCannotBeDeleted");
        refused(() -> api.delete(vnet), "InUseSubnetCannotBeDeleted");
    }

    @Test
    void dynamic_addresses_start_at_dot_four_and_are_never_given_twice() {
        vnetWith(subnet("a", "10.0.1.0/24"));
        nic("n1", "a", "");
        nic("n2", "a", ",'privateIPAllocationMethod':'Static','privateIPAddress':'10.0.1.5'");
        ResourceId n3 = nic("n3", "a", "");
        assertThat(Harness.text(api.get(Harness.id("networkInterfaces/n1")), "properties.ipConfigurations.0.properties.privateIPAddress")).isEqualTo("10.0.1.4");
        assertThat(Harness.text(api.get(n3), "properties.ipConfigurations.0.properties.privateIPAddress")).isEqualTo("10.0.1.6");
        // an update keeps the address it has
        nic("n1", "a", "");
        assertThat(Harness.text(api.get(Harness.id("networkInterfaces/n1")), "properties.ipConfigurations.0.properties.privateIPAddress")).isEqualTo("10.0.1.4");
    }

    @Test
    void a_static_address_taken_or_outside_the_subnet_is_refused() {
        vnetWith(subnet("a", "10.0.1.0/24"));
        nic("n1", "a", "");
        refused(() -> nic("n2", "a", ",'privateIPAllocationMethod':'Static','privateIPAddress':'10.0.1.4'"), "PrivateIPAddressInUse");
        refused(() -> nic("n2", "a", ",'privateIPAllocationMethod':'Static','privateIPAddress':'10.0.2.4'"), "PrivateIPAddressNotInSubnet");
        refused(() -> nic("n2", "a", ",'privateIPAllocationMethod':'Static','privateIPAddress':'10.0.1.1'"), "PrivateIPAddressNotInSubnet");
    }

    @Test
    void a_full_subnet_says_so() {
        vnetWith(subnet("a", "10.0.1.0/29"));
        nic("n1", "a", "");
        nic("n2", "a", "");
        nic("n3", "a", "");
        refused(() -> nic("n4", "a", ""), "SubnetIsFull");
    }

    @Test
    void a_reference_to_a_missing_subnet_is_refused() {
        vnetWith(subnet("a", "10.0.1.0/24"));
        refused(() -> nic("n1", "nope", ""), "InvalidResourceReference");
    }

    private String rule(String name, int priority, String direction, String access, String port) {
        return "{'name':'" + name + "','properties':{'priority':" + priority + ",'direction':'" + direction + "','access':'" + access
                + "','protocol':'Tcp','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'" + port + "'}}";
    }

    @Test
    void security_rule_priorities_must_be_in_range_and_unique_per_direction() {
        ResourceId nsg = Harness.id("networkSecurityGroups/g");
        refused(() -> api.put(nsg, "{'location':'local','properties':{'securityRules':[" + rule("r", 99, "Inbound", "Allow", "80") + "]}}"), "SecurityRuleInvalidPriority");
        refused(() -> api.put(nsg, "{'location':'local','properties':{'securityRules':[" + rule("r1", 100, "Inbound", "Allow", "80") + ","
                + rule("r2", 100, "Inbound", "Deny", "81") + "]}}"), "SecurityRuleConflict");
        api.put(nsg, "{'location':'local','properties':{'securityRules':[" + rule("r1", 100, "Inbound", "Allow", "80") + "," + rule("r2", 100, "Outbound", "Deny", "81") + "]}}");
        refused(() -> api.put(ResourceId.parse(nsg + "/securityRules/r3"), "{'properties':" + rule("x", 100, "Inbound", "Allow", "82").split("'properties':")[1]), "SecurityRuleConflict");
        refused(() -> api.put(ResourceId.parse(nsg + "/securityRules/r3"), "{'properties':" + rule("x", 200, "Inbound", "Allow", "99999").split("'properties':")[1]), "SecurityRuleInvalidPortRange");
    }

    @Test
    void a_security_group_shows_azures_six_default_rules() {
        ResourceId nsg = Harness.id("networkSecurityGroups/g");
        api.put(nsg, "{'location':'local'}");
        assertThat(api.get(nsg).path("properties").path("defaultSecurityRules")).extracting(r -> r.path("name").asText())
                .containsExactly("AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound", "AllowVnetOutBound", "AllowInternetOutBound", "DenyAllOutBound");
    }

    @Test
    void a_security_group_in_use_cannot_be_deleted() {
        ResourceId nsg = Harness.id("networkSecurityGroups/g");
        api.put(nsg, "{'location':'local'}");
        vnetWith("{'name':'a','properties':{'addressPrefix':'10.0.1.0/24','networkSecurityGroup':{'id':'" + nsg + "'}}}");
        refused(() -> api.delete(nsg), "InUseNetworkSecurityGroupCannotBeDeleted");
        vnetWith(subnet("a", "10.0.1.0/24"));
        api.delete(nsg);
    }

    @Test
    void a_rule_change_reaches_the_driver_with_its_groups_in_order() {
        ResourceId nsg = Harness.id("networkSecurityGroups/g");
        api.put(nsg, "{'location':'local','properties':{'securityRules':[" + rule("web", 100, "Inbound", "Allow", "80") + "]}}");
        vnetWith(subnet("a", "10.0.1.0/24"));
        nic("n1", "a", "");
        api.put(Harness.id("networkInterfaces/n1"), "{'location':'local','properties':{'networkSecurityGroup':{'id':'" + nsg + "'},'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/a'}}}]}}");
        api.put(ResourceId.parse(nsg + "/securityRules/web"), "{'properties':" + rule("web", 100, "Inbound", "Deny", "80").split("'properties':")[1]);
        Topology.SecurityGroup g = driver.applied().securityGroups().get(0);
        assertThat(g.rules().get(0).name()).isEqualTo("web");
        assertThat(g.rules().get(0).allow()).isFalse();
        assertThat(g.rules()).extracting(Topology.Rule::priority).isSorted();
        assertThat(driver.applied().interfaces().get(0).securityGroups()).containsExactly(nsg.key());
    }

    @Test
    void public_addresses_come_from_the_pool_and_one_in_use_cannot_be_deleted() {
        ResourceId pip = Harness.id("publicIPAddresses/p1");
        String address = Harness.text(api.put(pip, "{'location':'local','sku':{'name':'Standard'}}"), "properties.ipAddress");
        assertThat(api.provider.publicPool().contains(Cidr.address(address).orElseThrow())).isTrue();
        refused(() -> api.put(Harness.id("publicIPAddresses/p2"), "{'location':'local','sku':{'name':'Standard'},'properties':{'publicIPAllocationMethod':'Dynamic'}}"),
                "InvalidRequestPropertyValue");
        vnetWith(subnet("a", "10.0.1.0/24"));
        nic("n1", "a", ",'publicIPAddress':{'id':'" + pip + "'}");
        refused(() -> api.delete(pip), "PublicIPAddressCannotBeDeleted");
        refused(() -> nic("n2", "a", ",'publicIPAddress':{'id':'" + pip + "'}"), "PublicIPAddressInUse");
        assertThat(driver.applied().publicAddresses()).extracting(Topology.PublicAddress::address).containsExactly(address);
    }

    @Test
    void a_virtual_appliance_route_needs_its_next_hop_and_a_used_table_stays() {
        ResourceId rt = Harness.id("routeTables/rt");
        refused(() -> api.put(rt, "{'location':'local','properties':{'routes':[{'name':'r','properties':{'addressPrefix':'0.0.0.0/0','nextHopType':'VirtualAppliance'}}]}}"),
                "InvalidRequestPropertyValue");
        api.put(rt, "{'location':'local','properties':{'routes':[{'name':'r','properties':{'addressPrefix':'192.168.0.0/16','nextHopType':'VirtualAppliance','nextHopIpAddress':'10.0.1.10'}}]}}");
        vnetWith("{'name':'a','properties':{'addressPrefix':'10.0.1.0/24','routeTable':{'id':'" + rt + "'}}}");
        assertThat(driver.applied().networks().get(0).routes()).containsExactly(new Topology.StaticRoute("192.168.0.0/16", "10.0.1.10"));
        refused(() -> api.delete(rt), "InUseRouteTableCannotBeDeleted");
    }

    @Test
    void a_load_balancing_rule_must_name_parts_of_its_own_balancer() {
        ResourceId pip = Harness.id("publicIPAddresses/p1");
        api.put(pip, "{'location':'local','sku':{'name':'Standard'}}");
        ResourceId lb = Harness.id("loadBalancers/lb");
        refused(() -> api.put(lb, "{'location':'local','properties':{'frontendIPConfigurations':[{'name':'fe','properties':{'publicIPAddress':{'id':'" + pip + "'}}}],"
                + "'loadBalancingRules':[{'name':'r','properties':{'protocol':'Tcp','frontendPort':80,'backendPort':80,'frontendIPConfiguration':{'id':'" + lb
                + "/frontendIPConfigurations/fe'},'probe':{'id':'" + lb + "/probes/missing'}}}]}}"), "InvalidResourceReference");
    }

    @Test
    void inbound_nat_rules_forward_to_one_ip_configuration_and_clashes_are_refused_with_azures_codes() {
        vnetWith(subnet("a", "10.0.1.0/24"));
        ResourceId pip = Harness.id("publicIPAddresses/p1");
        api.put(pip, "{'location':'local','sku':{'name':'Standard'}}");
        ResourceId lb = Harness.id("loadBalancers/lb");
        String fe = "{'name':'fe','properties':{'publicIPAddress':{'id':'" + pip + "'}}}";
        String ssh = "{'name':'ssh','properties':{'protocol':'Tcp','frontendPort':50022,'backendPort':22,'frontendIPConfiguration':{'id':'" + lb + "/frontendIPConfigurations/fe'}}}";
        // a NAT rule and a load-balancing rule on one frontend, protocol and port
        refused(() -> api.put(lb, "{'location':'local','properties':{'frontendIPConfigurations':[" + fe + "],'backendAddressPools':[{'name':'pool'}],"
                + "'loadBalancingRules':[{'name':'r','properties':{'protocol':'All','frontendPort':50022,'backendPort':80,'frontendIPConfiguration':{'id':'" + lb
                + "/frontendIPConfigurations/fe'},'backendAddressPool':{'id':'" + lb + "/backendAddressPools/pool'}}}],'inboundNatRules':[" + ssh + "]}}"), "LoadBalancerRuleConflict");
        refused(() -> api.put(lb, "{'location':'local','properties':{'frontendIPConfigurations':[" + fe + "],'inboundNatRules':[{'name':'x','properties':{'protocol':'Tcp','frontendPort':1,"
                + "'backendPort':22,'frontendIPConfiguration':{'id':'" + lb + "/frontendIPConfigurations/nope'}}}]}}"), "InvalidResourceReference");
        refused(() -> api.put(lb, "{'location':'local','properties':{'frontendIPConfigurations':[" + fe + "],'inboundNatRules':[{'name':'x','properties':{'protocol':'Tcp',"
                + "'backendPort':22,'frontendIPConfiguration':{'id':'" + lb + "/frontendIPConfigurations/fe'}}}]}}"), "InvalidRequestContent");
        api.put(lb, "{'location':'local','properties':{'frontendIPConfigurations':[" + fe + "],'inboundNatRules':[" + ssh + "]}}");
        api.put(ResourceId.parse(lb + "/inboundNatRules/ssh2"), "{'properties':{'protocol':'Tcp','frontendPort':50023,'backendPort':22,'frontendIPConfiguration':{'id':'" + lb + "/frontendIPConfigurations/fe'}}}");

        refused(() -> nic("n0", "a", ",'loadBalancerInboundNatRules':[{'id':'" + lb + "/inboundNatRules/missing'}]"), "InvalidResourceReference");
        refused(() -> nic("n0", "a", ",'loadBalancerInboundNatRules':[{'id':'" + lb + "/inboundNatRules/ssh'},{'id':'" + lb + "/inboundNatRules/ssh2'}]"),
                "RulesUseSameBackendPortProtocolAndIPConfig");
        ResourceId n1 = nic("n1", "a", ",'loadBalancerInboundNatRules':[{'id':'" + lb + "/inboundNatRules/ssh'}]");
        refused(() -> nic("n2", "a", ",'loadBalancerInboundNatRules':[{'id':'" + lb + "/inboundNatRules/ssh'}]"), "InvalidRequestPropertyValue");
        assertThat(Harness.text(api.get(ResourceId.parse(lb + "/inboundNatRules/ssh")), "properties.backendIPConfiguration.id")).isEqualTo(n1 + "/ipConfigurations/ip1");
        assertThat(Harness.text(api.get(lb), "properties.frontendIPConfigurations.0.properties.inboundNatRules.1.id")).isEqualTo(lb + "/inboundNatRules/ssh2");
        assertThat(driver.applied().inboundNats()).singleElement().satisfies(r -> {
            assertThat(r.backend()).isEqualTo("10.0.1.4");
            assertThat(r.frontendPort()).isEqualTo(50022);
            assertThat(r.backendPort()).isEqualTo(22);
        });
    }

    @Test
    void peered_networks_must_not_overlap_and_connect_when_both_sides_peer() {
        vnetWith(subnet("a", "10.0.1.0/24"));
        ResourceId other = Harness.id("virtualNetworks/v2");
        api.put(other, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/24']}}}");
        refused(() -> api.put(ResourceId.parse(vnet + "/virtualNetworkPeerings/p"), "{'properties':{'remoteVirtualNetwork':{'id':'" + other + "'}}}"), "VnetAddressSpacesOverlap");
        ResourceId third = Harness.id("virtualNetworks/v3");
        api.put(third, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.9.0.0/16']}}}");
        ResourceId there = ResourceId.parse(vnet + "/virtualNetworkPeerings/to3");
        assertThat(Harness.text(api.put(there, "{'properties':{'remoteVirtualNetwork':{'id':'" + third + "'}}}"), "properties.peeringState")).isEqualTo("Initiated");
        api.put(ResourceId.parse(third + "/virtualNetworkPeerings/to1"), "{'properties':{'remoteVirtualNetwork':{'id':'" + vnet + "'}}}");
        assertThat(Harness.text(api.get(there), "properties.peeringState")).isEqualTo("Connected");
    }

    @Test
    void a_workload_on_a_subnet_leases_an_address_that_interfaces_then_skip_and_that_keeps_the_subnet() {
        vnetWith(subnet("a", "10.0.1.0/24"));
        var ports = api.provider.service(io.strato.spi.network.NetworkPorts.class).orElseThrow();
        ResourceId owner = ResourceId.parse("/subscriptions/" + Harness.SUB + "/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/g1");
        ResourceId subnetA = ResourceId.parse(vnet + "/subnets/a");

        var port = ports.attachNamespaceToSubnet(owner, subnetA, java.nio.file.Path.of("/run/netns/g1"), "eth0");

        assertThat(port.config().cidr()).isEqualTo("10.0.1.4/24");
        assertThat(ports.attachNamespaceToSubnet(owner, subnetA, java.nio.file.Path.of("/run/netns/g1"), "eth0").config().ipAddress()).isEqualTo("10.0.1.4");
        ResourceId n1 = nic("n1", "a", "");
        assertThat(driver.attachTap(n1).config().ipAddress()).isEqualTo("10.0.1.5");
        api.delete(n1);
        refused(() -> api.delete(subnetA), "InUseSubnetCannotBeDeleted");
        refused(() -> ports.attachNamespaceToSubnet(owner, ResourceId.parse(vnet + "/subnets/nope"), java.nio.file.Path.of("/run/netns/g1"), "eth0"), "NotFound");

        ports.releaseSubnetPort(owner);

        assertThat(driver.attachment(owner)).isEmpty();
        assertThat(driver.applied().iface(owner.key())).isEmpty();
        api.delete(subnetA);
    }

    @Test
    void a_guest_on_a_subnet_gets_a_tap_whose_address_joins_the_load_balancers_backend_pool() {
        vnetWith(subnet("a", "10.0.1.0/24"));
        ResourceId pip = Harness.id("publicIPAddresses/p1");
        api.put(pip, "{'location':'local','sku':{'name':'Standard'}}");
        ResourceId lb = Harness.id("loadBalancers/lb");
        api.put(lb, "{'location':'local','properties':{'frontendIPConfigurations':[{'name':'fe','properties':{'publicIPAddress':{'id':'" + pip + "'}}}],"
                + "'backendAddressPools':[{'name':'pool'}],'loadBalancingRules':[{'name':'r','properties':{'protocol':'Tcp','frontendPort':80,'backendPort':8080,"
                + "'frontendIPConfiguration':{'id':'" + lb + "/frontendIPConfigurations/fe'},'backendAddressPool':{'id':'" + lb + "/backendAddressPools/pool'}}}]}}");
        var ports = api.provider.service(io.strato.spi.network.NetworkPorts.class).orElseThrow();
        ResourceId owner = ResourceId.parse("/subscriptions/" + Harness.SUB + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/s/virtualMachines/0/networkInterfaces/nic");

        var tap = ports.attachTapToSubnet(owner, ResourceId.parse(vnet + "/subnets/a"), List.of(ResourceId.parse(lb + "/backendAddressPools/pool")));

        assertThat(tap.config().cidr()).isEqualTo("10.0.1.4/24");
        assertThat(tap.device().length()).isLessThanOrEqualTo(15);
        assertThat(ports.attachTapToSubnet(owner, ResourceId.parse(vnet + "/subnets/a"), List.of(ResourceId.parse(lb + "/backendAddressPools/pool"))).device())
                .isEqualTo(tap.device());
        assertThat(driver.applied().balancers()).singleElement().satisfies(b -> assertThat(b.backends()).containsExactly("10.0.1.4"));
        ports.releaseSubnetPort(owner);
        assertThat(driver.applied().balancers()).isEmpty();
        assertThat(driver.attachment(owner)).isEmpty();
    }

    @Test
    void a_workload_gets_the_interfaces_addressing_through_network_ports() {
        vnetWith(subnet("a", "10.0.1.0/24"));
        ResourceId n1 = nic("n1", "a", "");
        var tap = driver.attachTap(n1);
        assertThat(tap.config().cidr()).isEqualTo("10.0.1.4/24");
        assertThat(tap.config().gateway()).isEqualTo("10.0.1.1");
        assertThat(tap.config().mac()).matches("02(:[0-9a-f]{2}){5}");
        assertThat(tap.device().length()).isLessThanOrEqualTo(15);
        assertThat(api.provider.service(io.strato.spi.network.NetworkPorts.class).orElseThrow().config(n1)).isEqualTo(tap.config());
        api.delete(n1);
        assertThat(driver.attachment(n1)).isEmpty();
        refused(() -> driver.attachTap(n1), "NotFound");
    }

    @Test
    void names_azure_refuses_are_refused() {
        for (String bad : List.of("-v", "v-", "a".repeat(81), "v!")) {
            refused(() -> api.put(Harness.id("virtualNetworks/" + bad.replace("!", "%21")), "{}"), "InvalidResourceName");
        }
    }
}
