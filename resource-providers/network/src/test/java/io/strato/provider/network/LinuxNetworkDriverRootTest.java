package io.strato.provider.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strato.model.ResourceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real traffic through networks the Linux driver realizes: two namespaces stand in for workloads. Runs only as root
 * with {@code ip}, {@code nft} and busybox present (CI runs it so); skipped elsewhere.
 */
class LinuxNetworkDriverRootTest {
    @TempDir Path data;

    private final String tag = "t" + Long.toString(System.nanoTime() % 46656, 36);
    private final CommandRunner sh = new CommandRunner.Local();
    private final List<Process> listeners = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> hostLinks = new ArrayList<>();
    private LinuxNetworkDriver driver;
    private Harness api;

    @BeforeEach
    void onlyAsRootWithTheTools() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/nft", "/usr/bin/busybox", "/usr/bin/nsenter")) {
            assumeTrue(Files.isExecutable(Path.of(tool)) || Files.isExecutable(Path.of(tool.replace("/usr/sbin", "/sbin"))), tool);
        }
        driver = new LinuxNetworkDriver(tag, sh);
        api = new Harness(data, driver, tag);
    }

    @AfterEach
    void cleanUp() {
        for (Process p : listeners) p.destroyForcibly();
        for (String link : hostLinks) run(List.of("ip", "link", "del", link));
        for (String ns : namespaces) run(List.of("ip", "netns", "del", ns));
        if (driver != null) driver.destroyAll();
    }

    @Test
    void allowed_ports_pass_denied_ports_drop_rule_changes_apply_and_delete_leaves_nothing_behind() throws Exception {
        ResourceId vnet = Harness.id("virtualNetworks/v1");
        api.put(vnet, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.40.0.0/16']},"
                + "'subnets':[{'name':'a','properties':{'addressPrefix':'10.40.1.0/24'}}]}}");
        api.put(ResourceId.parse(vnet + "/subnets/b"), "{'properties':{'addressPrefix':'10.40.2.0/24'}}");
        ResourceId nsg = Harness.id("networkSecurityGroups/web");
        api.put(nsg, "{'location':'local','properties':{'securityRules':["
                + "{'name':'allow-8080','properties':{'priority':100,'direction':'Inbound','access':'Allow','protocol':'Tcp','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'8080'}},"
                + "{'name':'deny-8081','properties':{'priority':110,'direction':'Inbound','access':'Deny','protocol':'Tcp','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'8081'}}]}}");
        ResourceId client = Harness.id("networkInterfaces/client");
        ResourceId server = Harness.id("networkInterfaces/server");
        api.put(client, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/a'}}}]}}");
        api.put(server, "{'location':'local','properties':{'networkSecurityGroup':{'id':'" + nsg + "'},'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/b'}}}]}}");

        String c = namespace("c"), s = namespace("s");
        driver.attachNamespace(client, Path.of("/run/netns/" + c));
        var port = driver.attachNamespace(server, Path.of("/run/netns/" + s));
        assertThat(port.config().ipAddress()).isEqualTo("10.40.2.4");
        Process web = listen(s, 8080, "hello-8080");
        listen(s, 8081, "hello-8081");
        listen(s, 8082, "hello-8082");

        assertThat(fetch(c, "10.40.2.4", 8080)).isEqualTo("hello-8080");
        assertThat(fetch(c, "10.40.2.4", 8081)).isEmpty();
        // AllowVnetInBound lets the virtual network in on every other port
        assertThat(fetch(c, "10.40.2.4", 8082)).isEqualTo("hello-8082");

        long changed = System.nanoTime();
        api.put(ResourceId.parse(nsg + "/securityRules/deny-8081"), "{'properties':{'priority':110,'direction':'Inbound','access':'Allow','protocol':'Tcp','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'8081'}}");
        System.out.printf("rule change realized in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed));
        assertThat(fetch(c, "10.40.2.4", 8081)).isEqualTo("hello-8081");

        ResourceId pip = Harness.id("publicIPAddresses/server-ip");
        String address = Harness.text(api.put(pip, "{'location':'local','sku':{'name':'Standard'},'properties':{'publicIPAllocationMethod':'Static'}}"), "properties.ipAddress");
        api.put(server, "{'location':'local','properties':{'networkSecurityGroup':{'id':'" + nsg + "'},'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet
                + "/subnets/b'},'publicIPAddress':{'id':'" + pip + "'}}}]}}");
        assertThat(fetch(null, address, 8080)).isEqualTo("hello-8080");
        // from outside the virtual network only the explicit rules open ports
        assertThat(fetch(null, address, 8082)).isEmpty();

        ResourceId lbIp = Harness.id("publicIPAddresses/lb-ip");
        String frontend = Harness.text(api.put(lbIp, "{'location':'local','sku':{'name':'Standard'},'properties':{'publicIPAllocationMethod':'Static'}}"), "properties.ipAddress");
        ResourceId lb = Harness.id("loadBalancers/lb");
        api.put(lb, "{'location':'local','sku':{'name':'Standard'},'properties':{"
                + "'frontendIPConfigurations':[{'name':'fe','properties':{'publicIPAddress':{'id':'" + lbIp + "'}}}],"
                + "'backendAddressPools':[{'name':'pool'}],"
                + "'probes':[{'name':'p','properties':{'protocol':'Tcp','port':8080}}],"
                + "'loadBalancingRules':[{'name':'http','properties':{'protocol':'Tcp','frontendPort':80,'backendPort':8080,"
                + "'frontendIPConfiguration':{'id':'" + lb + "/frontendIPConfigurations/fe'},'backendAddressPool':{'id':'" + lb + "/backendAddressPools/pool'},'probe':{'id':'" + lb + "/probes/p'}}}]}}");
        api.put(server, "{'location':'local','properties':{'networkSecurityGroup':{'id':'" + nsg + "'},'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet
                + "/subnets/b'},'publicIPAddress':{'id':'" + pip + "'},'loadBalancerBackendAddressPools':[{'id':'" + lb + "/backendAddressPools/pool'}]}}]}}");
        assertThat(fetch(null, frontend, 80)).isEqualTo("hello-8080");

        // a second backend: connections alternate; when the first stops answering its probe, all go to the second
        listen(c, 8080, "hello-client");
        api.put(client, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet
                + "/subnets/a'},'loadBalancerBackendAddressPools':[{'id':'" + lb + "/backendAddressPools/pool'}]}}]}}");
        java.util.Set<String> answers = new java.util.HashSet<>();
        for (int i = 0; i < 4; i++) answers.add(fetch(null, frontend, 80));
        assertThat(answers).containsExactlyInAnyOrder("hello-8080", "hello-client");
        web.destroyForcibly().waitFor();
        long deadline = System.currentTimeMillis() + 20_000;
        List<String> last = List.of();
        while (System.currentTimeMillis() < deadline) {
            last = List.of(fetch(null, frontend, 80), fetch(null, frontend, 80), fetch(null, frontend, 80));
            if (last.stream().allMatch("hello-client"::equals)) break;
            Thread.sleep(500);
        }
        assertThat(last).containsOnly("hello-client");

        api.delete(lb);
        api.delete(client);
        api.delete(server);
        api.delete(pip);
        api.delete(lbIp);
        api.delete(nsg);
        api.delete(vnet);
        for (String ns : List.copyOf(namespaces)) {
            run(List.of("ip", "netns", "del", ns));
            namespaces.remove(ns);
        }
        assertThat(sh.run(List.of("ip", "-o", "link", "show"), null)).doesNotContain("s" + tag);
        assertThat(sh.run(List.of("ip", "netns", "list"), null)).doesNotContain("s" + tag).doesNotContain(tag + "-");
        assertThat(sh.run(List.of("nft", "list", "tables"), null)).doesNotContain("s" + tag);
    }

    @Test
    void a_restart_recreates_what_is_missing_from_the_stored_state_without_duplicates() {
        ResourceId vnet = Harness.id("virtualNetworks/v1");
        api.put(vnet, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.41.0.0/16']},"
                + "'subnets':[{'name':'a','properties':{'addressPrefix':'10.41.1.0/24'}},{'name':'b','properties':{'addressPrefix':'10.41.2.0/24'}}]}}");
        ResourceId nsg = Harness.id("networkSecurityGroups/g");
        api.put(nsg, "{'location':'local'}");
        ResourceId pip = Harness.id("publicIPAddresses/p");
        api.put(pip, "{'location':'local','sku':{'name':'Standard'}}");
        api.put(Harness.id("networkInterfaces/n"), "{'location':'local','properties':{'networkSecurityGroup':{'id':'" + nsg + "'},'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'"
                + vnet + "/subnets/a'},'publicIPAddress':{'id':'" + pip + "'}}}]}}");
        String before = hostState();

        // the appliance restarts: a new driver with nothing in memory resumes from the store
        driver = new LinuxNetworkDriver(tag, sh);
        api.provider.configure(io.strato.testkit.TestProviderContext.of(data).withResources(api.store).withApplianceTag(tag), driver);
        api.provider.resume();
        assertThat(hostState()).isEqualTo(before);

        // the host lost the bridge and the table (a reboot would lose everything): resuming re-creates them
        LinuxNames names = LinuxNames.of(tag);
        sh.run(List.of("ip", "link", "del", names.bridge(vnet.key())), null);
        sh.run(List.of("nft", "delete", "table", "inet", names.table()), null);
        driver = new LinuxNetworkDriver(tag, sh);
        api.provider.configure(io.strato.testkit.TestProviderContext.of(data).withResources(api.store).withApplianceTag(tag), driver);
        api.provider.resume();
        assertThat(hostState()).isEqualTo(before);
    }

    @Test
    void peered_networks_reach_each_other_only_while_both_sides_peer() throws Exception {
        ResourceId v1 = Harness.id("virtualNetworks/v1"), v2 = Harness.id("virtualNetworks/v2");
        api.put(v1, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.44.0.0/16']},'subnets':[{'name':'a','properties':{'addressPrefix':'10.44.1.0/24'}}]}}");
        api.put(v2, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.45.0.0/16']},'subnets':[{'name':'a','properties':{'addressPrefix':'10.45.1.0/24'}}]}}");
        ResourceId n1 = Harness.id("networkInterfaces/n1"), n2 = Harness.id("networkInterfaces/n2");
        api.put(n1, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + v1 + "/subnets/a'}}}]}}");
        api.put(n2, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + v2 + "/subnets/a'}}}]}}");
        String a = namespace("pa"), b = namespace("pb");
        driver.attachNamespace(n1, Path.of("/run/netns/" + a));
        driver.attachNamespace(n2, Path.of("/run/netns/" + b));
        listen(b, 8080, "hello-peer");
        assertThat(fetch(a, "10.45.1.4", 8080)).isEmpty();
        api.put(ResourceId.parse(v1 + "/virtualNetworkPeerings/to2"), "{'properties':{'remoteVirtualNetwork':{'id':'" + v2 + "'}}}");
        assertThat(fetch(a, "10.45.1.4", 8080)).as("one side only").isEmpty();
        api.put(ResourceId.parse(v2 + "/virtualNetworkPeerings/to1"), "{'properties':{'remoteVirtualNetwork':{'id':'" + v1 + "'}}}");
        assertThat(fetch(a, "10.45.1.4", 8080)).isEqualTo("hello-peer");
        api.delete(ResourceId.parse(v2 + "/virtualNetworkPeerings/to1"));
        assertThat(fetch(a, "10.45.1.4", 8080)).isEmpty();
    }

    @Test
    void replies_to_an_allowed_outbound_flow_pass_whatever_the_inbound_rules_say_for_tcp_udp_and_icmp() throws Exception {
        ResourceId vnet = Harness.id("virtualNetworks/v1");
        api.put(vnet, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.46.0.0/16']},"
                + "'subnets':[{'name':'a','properties':{'addressPrefix':'10.46.1.0/24'}}]}}");
        // everything inbound denied, outbound only TCP 8080, UDP 5353 and ICMP
        ResourceId nsg = Harness.id("networkSecurityGroups/closed");
        api.put(nsg, "{'location':'local','properties':{'securityRules':["
                + "{'name':'deny-in','properties':{'priority':100,'direction':'Inbound','access':'Deny','protocol':'*','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'*'}},"
                + "{'name':'udp-out','properties':{'priority':100,'direction':'Outbound','access':'Allow','protocol':'Udp','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'5353'}},"
                + "{'name':'tcp-out','properties':{'priority':120,'direction':'Outbound','access':'Allow','protocol':'Tcp','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'8080'}},"
                + "{'name':'icmp-out','properties':{'priority':110,'direction':'Outbound','access':'Allow','protocol':'Icmp','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'*'}},"
                + "{'name':'deny-out','properties':{'priority':200,'direction':'Outbound','access':'Deny','protocol':'*','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'*'}}]}}");
        ResourceId client = Harness.id("networkInterfaces/client"), server = Harness.id("networkInterfaces/server");
        api.put(client, "{'location':'local','properties':{'networkSecurityGroup':{'id':'" + nsg + "'},'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/a'}}}]}}");
        api.put(server, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/a'}}}]}}");
        String c = namespace("sc"), s = namespace("ss");
        assertThat(driver.attachNamespace(client, Path.of("/run/netns/" + c)).config().ipAddress()).isEqualTo("10.46.1.4");
        assertThat(driver.attachNamespace(server, Path.of("/run/netns/" + s)).config().ipAddress()).isEqualTo("10.46.1.5");
        udpEcho(s, 5353);
        udpEcho(s, 5354);
        udpEcho(c, 5353);
        whoAmI(s, 8080);
        whoAmI(c, 8080);

        assertThat(fetch(c, "10.46.1.5", 8080)).as("replies of an allowed outbound TCP connection").isEqualTo("10.46.1.4");
        assertThat(fetch(s, "10.46.1.4", 8080)).as("new inbound TCP").isEmpty();
        assertThat(udp(c, "10.46.1.5", 5353)).as("reply to allowed outbound UDP").isEqualTo("echo:hello");
        assertThat(ping(c, "10.46.1.5")).as("reply to allowed outbound ICMP").isTrue();
        assertThat(udp(c, "10.46.1.5", 5354)).as("outbound UDP no rule allows").isEmpty();
        assertThat(udp(s, "10.46.1.4", 5353)).as("new inbound UDP").isEmpty();
        assertThat(ping(s, "10.46.1.4")).as("new inbound ICMP").isFalse();

        // without the outbound allows, the same exchanges fail: the replies passed because the flows were allowed
        api.delete(ResourceId.parse(nsg + "/securityRules/udp-out"));
        api.delete(ResourceId.parse(nsg + "/securityRules/icmp-out"));
        assertThat(udp(c, "10.46.1.5", 5353)).isEmpty();
        assertThat(ping(c, "10.46.1.5")).isFalse();
    }

    @Test
    void workloads_reach_addresses_outside_behind_the_host_or_their_public_ip_until_the_network_goes() throws Exception {
        // "the internet": a namespace behind the host, on an address no virtual network uses
        String net = "198.18." + (System.nanoTime() % 250) + ".";
        String internet = namespace("inet"), hostSide = tag + "x0";
        sh.run(List.of("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", internet), null);
        hostLinks.add(hostSide);
        sh.run(List.of("ip", "addr", "add", net + "1/24", "dev", hostSide), null);
        sh.run(List.of("ip", "link", "set", hostSide, "up"), null);
        sh.run(List.of("ip", "-n", internet, "addr", "add", net + "2/24", "dev", "eth0"), null);
        sh.run(List.of("ip", "-n", internet, "link", "set", "eth0", "up"), null);
        sh.run(List.of("ip", "-n", internet, "route", "add", "default", "via", net + "1"), null);
        whoAmI(internet, 9000);

        ResourceId vnet = Harness.id("virtualNetworks/v1");
        api.put(vnet, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.47.0.0/16']},"
                + "'subnets':[{'name':'a','properties':{'addressPrefix':'10.47.1.0/24'}}]}}");
        ResourceId plain = Harness.id("networkInterfaces/plain"), withIp = Harness.id("networkInterfaces/with-ip");
        ResourceId pip = Harness.id("publicIPAddresses/pip");
        String publicAddress = Harness.text(api.put(pip, "{'location':'local','sku':{'name':'Standard'},'properties':{'publicIPAllocationMethod':'Static'}}"), "properties.ipAddress");
        api.put(plain, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/a'}}}]}}");
        api.put(withIp, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet
                + "/subnets/a'},'publicIPAddress':{'id':'" + pip + "'}}}]}}");
        String a = namespace("oa"), b = namespace("ob");
        driver.attachNamespace(plain, Path.of("/run/netns/" + a));
        driver.attachNamespace(withIp, Path.of("/run/netns/" + b));

        assertThat(fetch(a, net + "2", 9000)).as("without a public IP: behind the host's address").isEqualTo(net + "1");
        assertThat(fetch(b, net + "2", 9000)).as("with a public IP: behind it").isEqualTo(publicAddress);

        // an outbound rule that denies the Internet closes it, as in Azure
        ResourceId nsg = Harness.id("networkSecurityGroups/no-internet");
        api.put(nsg, "{'location':'local','properties':{'securityRules':[{'name':'no-internet','properties':{'priority':100,'direction':'Outbound',"
                + "'access':'Deny','protocol':'*','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'Internet','destinationPortRange':'*'}}]}}");
        api.put(plain, "{'location':'local','properties':{'networkSecurityGroup':{'id':'" + nsg + "'},'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/a'}}}]}}");
        assertThat(fetch(a, net + "2", 9000)).isEmpty();

        String outbound = driver.outboundAddresses(driver.applied()).get(vnet.key());
        assertThat(sh.run(List.of("ip", "route", "show"), null)).contains(outbound);
        api.delete(plain);
        api.delete(withIp);
        api.delete(pip);
        api.delete(nsg);
        api.delete(vnet);
        assertThat(sh.run(List.of("ip", "route", "show"), null)).doesNotContain(outbound).doesNotContain(publicAddress);
        assertThat(sh.run(List.of("nft", "list", "tables"), null)).doesNotContain("s" + tag);
    }

    @Test
    void inbound_nat_rules_forward_a_frontend_port_to_the_one_interface_that_references_them() throws Exception {
        ResourceId vnet = Harness.id("virtualNetworks/v1");
        api.put(vnet, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.48.0.0/16']},"
                + "'subnets':[{'name':'a','properties':{'addressPrefix':'10.48.1.0/24'}}]}}");
        ResourceId lbIp = Harness.id("publicIPAddresses/lb-ip");
        String frontend = Harness.text(api.put(lbIp, "{'location':'local','sku':{'name':'Standard'},'properties':{'publicIPAllocationMethod':'Static'}}"), "properties.ipAddress");
        ResourceId lb = Harness.id("loadBalancers/lb");
        String fe = "'frontendIPConfiguration':{'id':'" + lb + "/frontendIPConfigurations/fe'}";
        api.put(lb, "{'location':'local','sku':{'name':'Standard'},'properties':{'frontendIPConfigurations':[{'name':'fe','properties':{'publicIPAddress':{'id':'" + lbIp + "'}}}],"
                + "'inboundNatRules':[{'name':'to-a','properties':{'protocol':'Tcp','frontendPort':50022,'backendPort':8022," + fe + "}},"
                + "{'name':'to-b','properties':{'protocol':'Tcp','frontendPort':50023,'backendPort':8022," + fe + "}}]}}");
        ResourceId a = Harness.id("networkInterfaces/a"), b = Harness.id("networkInterfaces/b");
        String nicA = "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/a'}";
        api.put(a, nicA + ",'loadBalancerInboundNatRules':[{'id':'" + lb + "/inboundNatRules/to-a'}]}}]}}");
        api.put(b, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet
                + "/subnets/a'},'loadBalancerInboundNatRules':[{'id':'" + lb + "/inboundNatRules/to-b'}]}}]}}");
        String na = namespace("na"), nb = namespace("nb");
        driver.attachNamespace(a, Path.of("/run/netns/" + na));
        driver.attachNamespace(b, Path.of("/run/netns/" + nb));
        listen(na, 8022, "hello-a");
        listen(nb, 8022, "hello-b");

        assertThat(fetch(null, frontend, 50022)).isEqualTo("hello-a");
        assertThat(fetch(null, frontend, 50023)).isEqualTo("hello-b");
        assertThat(fetch(null, frontend, 50024)).as("no rule").isEmpty();

        // the interface lets go of the rule: it forwards nothing
        api.put(a, nicA + "}}]}}");
        assertThat(fetch(null, frontend, 50022)).isEmpty();
        assertThat(fetch(null, frontend, 50023)).isEqualTo("hello-b");
    }

    @Test
    void a_workload_cannot_speak_with_an_address_that_is_not_its_own() throws Exception {
        ResourceId vnet = Harness.id("virtualNetworks/v1");
        api.put(vnet, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.49.0.0/16']},"
                + "'subnets':[{'name':'a','properties':{'addressPrefix':'10.49.1.0/24'}}]}}");
        ResourceId client = Harness.id("networkInterfaces/client"), server = Harness.id("networkInterfaces/server");
        api.put(client, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/a'}}}]}}");
        api.put(server, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip1','properties':{'subnet':{'id':'" + vnet + "/subnets/a'}}}]}}");
        String c = namespace("fc"), s = namespace("fs");
        driver.attachNamespace(client, Path.of("/run/netns/" + c));
        driver.attachNamespace(server, Path.of("/run/netns/" + s));
        whoAmI(s, 8080);
        assertThat(fetch(c, "10.49.1.5", 8080)).isEqualTo("10.49.1.4");

        sh.run(List.of("ip", "-n", c, "addr", "add", "10.49.1.99/24", "dev", "eth0"), null);
        Process p = new ProcessBuilder("ip", "netns", "exec", c, "python3", "-c",
                "import socket\ns=socket.socket()\ns.settimeout(2)\ns.bind(('10.49.1.99',0))\n"
                        + "try:\n s.connect(('10.49.1.5',8080))\n print(s.recv(64).decode().strip())\nexcept OSError:\n pass\n").redirectErrorStream(true).start();
        String spoofed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(5, TimeUnit.SECONDS);
        assertThat(spoofed).as("from an address the workload does not own").isEmpty();
        assertThat(fetch(c, "10.49.1.5", 8080)).isEqualTo("10.49.1.4");
    }

    /** What the appliance has on the host: its links (with their bridge), router addresses and routes, tables. */
    private String hostState() {
        LinuxNames names = LinuxNames.of(tag);
        StringBuilder out = new StringBuilder();
        for (String line : sh.run(List.of("ip", "-o", "link", "show"), null).split("\n")) {
            if (line.contains(names.prefix())) out.append(line.replaceAll("^\\d+: ", "").replaceAll("link/ether \\S+", "").replaceAll("\\s+", " ").replaceAll("@if\\d+", "")
                    .replaceAll("state \\S+", "").replaceAll("qlen \\d+", "")).append('\n');
        }
        for (String ns : sh.run(List.of("ip", "netns", "list"), null).split("\n")) {
            if (!ns.startsWith(names.prefix())) continue;
            String name = ns.split(" ")[0];
            out.append(name).append(sh.run(List.of("ip", "-n", name, "-4", "-o", "addr", "show"), null).replaceAll("\\d+: ", "").replaceAll("valid_lft.*", ""));
            out.append(sh.run(List.of("ip", "-n", name, "route", "show"), null));
            out.append(sh.run(List.of("ip", "netns", "exec", name, "nft", "list", "ruleset"), null));
        }
        out.append(sh.run(List.of("ip", "route", "show"), null).lines().filter(l -> l.contains(names.prefix())).sorted().reduce("", (a, b) -> a + b + "\n"));
        out.append(sh.run(List.of("nft", "list", "table", "inet", names.table()), null));
        return out.toString().lines().sorted().reduce("", (a, b) -> a + b + "\n");
    }

    private String namespace(String name) {
        String ns = tag + "-w" + name;
        sh.run(List.of("ip", "netns", "add", ns), null);
        namespaces.add(ns);
        return ns;
    }

    private Process listen(String ns, int port, String reply) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "nc", "-ll", "-p", String.valueOf(port), "-e", "/bin/echo", reply)
                .redirectErrorStream(true).start();
        listeners.add(p);
        Thread.sleep(150);
        return p;
    }

    /** What a TCP connection to {@code host:port} answers within two seconds; empty when it gets nothing. */
    private String fetch(String ns, String host, int port) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (ns != null) cmd.addAll(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of("busybox", "nc", "-w", "2", host, String.valueOf(port)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(5, TimeUnit.SECONDS);
        return out;
    }

    /** A TCP server in {@code ns} that answers every connection with the address it came from. */
    private void whoAmI(String ns, int port) throws Exception {
        ready(new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c",
                "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('0.0.0.0'," + port + "))\ns.listen(8)\n"
                        + "print('ready',flush=True)\nwhile True:\n c,a=s.accept()\n c.sendall(a[0].encode()+b'\\n')\n c.close()\n").redirectErrorStream(true).start());
    }

    /** A UDP server in {@code ns} that answers every datagram with "echo:" and its content. */
    private void udpEcho(String ns, int port) throws Exception {
        ready(new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c",
                "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('0.0.0.0'," + port + "))\n"
                        + "print('ready',flush=True)\nwhile True:\n d,a=s.recvfrom(2048)\n s.sendto(b'echo:'+d,a)\n").redirectErrorStream(true).start());
    }

    /** Waits until a server started with {@code print('ready')} after binding says so. */
    private void ready(Process server) throws Exception {
        listeners.add(server);
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("server start").isEqualTo("ready");
    }

    /** The answer to one UDP datagram "hello" sent from {@code ns} within two seconds; empty when none came. */
    private String udp(String ns, String host, int port) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c",
                "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.settimeout(2)\ns.sendto(b'hello',('" + host + "'," + port + "))\n"
                        + "try:\n print(s.recvfrom(2048)[0].decode())\nexcept socket.timeout:\n pass\n").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(5, TimeUnit.SECONDS);
        return out;
    }

    /** Whether one ICMP echo from {@code ns} is answered within a second. */
    private boolean ping(String ns, String host) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "ping", "-c", "1", "-W", "1", host).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private void run(List<String> cmd) {
        try {
            sh.run(cmd, null);
        } catch (NetworkDriverException e) {
            // already gone
        }
    }
}
