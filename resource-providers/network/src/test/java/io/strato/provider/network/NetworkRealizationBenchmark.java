package io.strato.provider.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strato.model.ResourceId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numbers in docs/benchmarks.md ("Virtual networks"): a virtual network with 10 subnets and 100 interfaces
 * realized by the Linux driver (each interface plugged into its own namespace), and the time from a security-rule
 * change handed to the provider until the kernel's table holds it. Runs as root with {@code -Dbench.network=true}.
 */
class NetworkRealizationBenchmark {
    @TempDir Path data;

    @Test
    void realize_a_network_of_ten_subnets_and_a_hundred_interfaces_and_change_a_rule() {
        assumeTrue(Boolean.getBoolean("bench.network") && "root".equals(System.getProperty("user.name")), "-Dbench.network=true as root");
        String tag = "b" + Long.toString(System.nanoTime() % 46656, 36);
        CommandRunner sh = new CommandRunner.Local();
        LinuxNetworkDriver driver = new LinuxNetworkDriver(tag, sh);
        Harness api = new Harness(data, driver, tag);
        List<String> namespaces = new ArrayList<>();
        try {
            ResourceId vnet = Harness.id("virtualNetworks/bench");
            ResourceId nsg = Harness.id("networkSecurityGroups/bench");
            api.put(nsg, "{'location':'local','properties':{'securityRules':[{'name':'r','properties':{'priority':100,'direction':'Inbound','access':'Allow',"
                    + "'protocol':'Tcp','sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'1000'}}]}}");
            StringBuilder subnets = new StringBuilder();
            for (int s = 0; s < 10; s++) {
                subnets.append(s == 0 ? "" : ",").append("{'name':'s").append(s).append("','properties':{'addressPrefix':'10.90.").append(s)
                        .append(".0/24','networkSecurityGroup':{'id':'").append(nsg).append("'}}}");
            }
            long t0 = System.nanoTime();
            api.put(vnet, "{'location':'local','properties':{'addressSpace':{'addressPrefixes':['10.90.0.0/16']},'subnets':[" + subnets + "]}}");
            long vnetMs = ms(t0);
            long t1 = System.nanoTime();
            List<ResourceId> nics = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ResourceId nic = Harness.id("networkInterfaces/n" + i);
                api.put(nic, "{'location':'local','properties':{'ipConfigurations':[{'name':'ip','properties':{'subnet':{'id':'" + vnet + "/subnets/s" + (i % 10) + "'}}}]}}");
                nics.add(nic);
            }
            long nicsMs = ms(t1);
            long t2 = System.nanoTime();
            for (int i = 0; i < nics.size(); i++) {
                String ns = tag + "-w" + i;
                sh.run(List.of("ip", "netns", "add", ns), null);
                namespaces.add(ns);
                driver.attachNamespace(nics.get(i), Path.of("/run/netns/" + ns));
            }
            long attachMs = ms(t2);
            long[] change = new long[20];
            for (int i = 0; i < change.length; i++) {
                int port = 2000 + i;
                long t = System.nanoTime();
                api.put(ResourceId.parse(nsg + "/securityRules/r"), "{'properties':{'priority':100,'direction':'Inbound','access':'Allow','protocol':'Tcp',"
                        + "'sourceAddressPrefix':'*','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'" + port + "'}}");
                change[i] = (System.nanoTime() - t) / 1000;
                assertThat(sh.run(List.of("nft", "list", "table", "inet", "s" + tag), null)).contains("dport " + port);
            }
            Arrays.sort(change);
            System.out.printf("BENCH vnet+10 subnets: %d ms; 100 NICs (API to host, one apply each): %d ms (%.1f ms/NIC); 100 namespace attachments: %d ms (%.1f ms each); "
                            + "rule change to kernel: median %.1f ms, p90 %.1f ms, max %.1f ms%n",
                    vnetMs, nicsMs, nicsMs / 100.0, attachMs, attachMs / 100.0, change[10] / 1000.0, change[18] / 1000.0, change[19] / 1000.0);
        } finally {
            for (String ns : namespaces) {
                try { sh.run(List.of("ip", "netns", "del", ns), null); } catch (NetworkDriverException e) { /* gone */ }
            }
            driver.destroyAll();
        }
    }

    private static long ms(long start) { return (System.nanoTime() - start) / 1_000_000; }
}
