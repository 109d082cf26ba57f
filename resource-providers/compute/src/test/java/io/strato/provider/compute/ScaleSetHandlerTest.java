package io.strato.provider.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.spi.Outcome;
import io.strato.spi.ResourceCommand;
import io.strato.spi.ResourceView;
import io.strato.spi.network.NetworkPorts;
import io.strato.testkit.InMemoryNetworkPorts;
import io.strato.testkit.InMemoryStoredResources;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scale sets over the in-memory machine driver and network ports: instances, scaling, views, commands, bad input. */
class ScaleSetHandlerTest {
    static final String RG = "/subscriptions/" + Fixtures.SUBSCRIPTION + "/resourceGroups/rg1/providers/Microsoft.Network/";
    static final String SUBNET = RG + "virtualNetworks/vnet1/subnets/default";
    static final String POOL = RG + "loadBalancers/lb1/backendAddressPools/pool1";

    @TempDir Path dir;
    InMemoryNetworkPorts ports;
    ComputeProvider provider;
    ScaleSetHandler handler;
    InMemoryMachineDriver machines;
    InMemoryStoredResources stored;
    final ResourceId id = ResourceId.resource(Fixtures.SUBSCRIPTION, "rg1", ScaleSetHandler.TYPE, "web");

    @BeforeEach
    void configure() {
        ports = new InMemoryNetworkPorts().defineSubnet(ResourceId.parse(SUBNET), "10.0.0");
        stored = new InMemoryStoredResources()
                .put(ResourceId.parse(RG + "virtualNetworks/vnet1"), Fixtures.json("{'body':{'properties':{'subnets':[{'name':'default'}]}}}"))
                .put(ResourceId.parse(RG + "loadBalancers/lb1"), Fixtures.json("{'body':{'properties':{'backendAddressPools':[{'name':'pool1'}]}}}"));
        provider = new ComputeProvider(Fixtures.CLOCK);
        provider.configure(TestProviderContext.of(dir, Map.of(ComputeProvider.DRIVER_SETTING, "memory"))
                .withResources(stored).withService(NetworkPorts.class, ports));
        handler = provider.scaleSets();
        machines = (InMemoryMachineDriver) ((ScaleSetClient) handler.connect()).driver();
    }

    /** The body {@code az vmss create --image StratoTinyLinux --instance-count N --ssh-key-values} deploys, with customData. */
    static ObjectNode body(int capacity) {
        return (ObjectNode) Fixtures.json("{'location':'local','sku':{'name':'Standard_B1ls','tier':'Standard','capacity':" + capacity + "},"
                + "'properties':{'overprovision':true,'upgradePolicy':{'mode':'Manual'},'singlePlacementGroup':null,'virtualMachineProfile':{"
                + "'storageProfile':{'imageReference':{'publisher':'Strato','offer':'tiny-linux','sku':'busybox','version':'latest'},"
                + "'osDisk':{'createOption':'FromImage','caching':'ReadWrite','managedDisk':{'storageAccountType':null}}},"
                + "'osProfile':{'computerNamePrefix':'web1a2b3','adminUsername':'azureuser','customData':'ZWNobyBoaQo=',"
                + "'linuxConfiguration':{'disablePasswordAuthentication':true,'ssh':{'publicKeys':[{'path':'/home/azureuser/.ssh/authorized_keys','keyData':'" + Fixtures.SSH_KEY + "'}]}}},"
                + "'networkProfile':{'networkInterfaceConfigurations':[{'name':'web1a2b3Nic','properties':{'primary':'true','ipConfigurations':[{'name':'web1a2b3IPConfig',"
                + "'properties':{'subnet':{'id':'" + SUBNET + "'},'loadBalancerBackendAddressPools':[{'id':'" + POOL + "'}]}}]}}]}}}}");
    }

    ScaleSetSpec create(int capacity) {
        ScaleSetSpec spec = handler.toSpec(Fixtures.LATEST, id, body(capacity), Optional.empty());
        stored.put(id, spec);
        assertThat(handler.connect().create(id, spec)).isInstanceOf(Outcome.Done.class);
        return spec;
    }

    JsonNode view(ScaleSetSpec spec, String... path) {
        List<String> segments = List.of(path);
        for (ResourceView<ScaleSetSpec> v : handler.views()) {
            Optional<List<String>> values = v.match(segments);
            if (values.isPresent()) return v.read(Fixtures.LATEST, id, spec, values.get(), Map.of());
        }
        throw new AssertionError("no view " + segments);
    }

    ScaleSetSpec run(ScaleSetSpec spec, String method, String body, String... path) {
        List<String> segments = List.of(path);
        for (ResourceCommand<ScaleSetSpec> c : handler.commands()) {
            if (!c.method().equals(method)) continue;
            Optional<List<String>> values = c.match(segments);
            if (values.isEmpty()) continue;
            ScaleSetSpec after = c.run(Fixtures.LATEST, id, spec, values.get(), Fixtures.json(body)).spec();
            if (!after.equals(spec)) {
                stored.put(id, after);
                assertThat(handler.connect().update(id, after)).isInstanceOf(Outcome.Done.class);
            }
            return after;
        }
        throw new AssertionError("no command " + method + " " + segments);
    }

    String power(ScaleSetSpec spec, String instanceId) {
        for (JsonNode s : view(spec, "virtualMachines", instanceId, "instanceView").get("statuses")) {
            if (s.get("code").asText().startsWith("PowerState/")) return s.get("code").asText();
        }
        return null;
    }

    ResourceId nic(String instanceId) {
        return ScaleSetSpec.instanceId(id, instanceId).child("networkInterfaces", "web1a2b3Nic");
    }

    @Test
    void every_instance_is_a_guest_with_its_own_port_on_the_subnet_and_in_the_backend_pool() {
        ScaleSetSpec spec = create(2);

        assertThat(machines.machines()).containsExactlyInAnyOrder(ScaleSetClient.machineId(id, "0"), ScaleSetClient.machineId(id, "1"));
        Machine m0 = machines.definition(ScaleSetClient.machineId(id, "0")).orElseThrow();
        Machine m1 = machines.definition(ScaleSetClient.machineId(id, "1")).orElseThrow();
        assertThat(m0.hostName()).isEqualTo("web1a2b3000000");
        assertThat(m1.hostName()).isEqualTo("web1a2b3000001");
        assertThat(m0.memoryMiB()).isEqualTo(512);
        assertThat(m0.ports().get(0).address()).isEqualTo("10.0.0.4/24");
        assertThat(m1.ports().get(0).address()).isEqualTo("10.0.0.5/24");
        assertThat(m0.ports().get(0).tap()).isNotEqualTo(m1.ports().get(0).tap());
        assertThat(ports.backendPools(nic("0"))).containsExactly(ResourceId.parse(POOL).key());
        assertThat(spec.instances()).extracting(ScaleSetSpec.Instance::instanceId).containsExactly("0", "1");
    }

    @Test
    void the_seed_carries_the_instance_host_name_and_the_sets_custom_data() {
        create(1);
        ScaleSetClient client = (ScaleSetClient) handler.connect();
        ScaleSetSpec spec = handler.toSpec(Fixtures.LATEST, id, body(1), Optional.empty());
        Map<String, byte[]> seed = client.seed(id, spec, spec.instances().get(0), List.of(new Machine.Port("52:54:00:00:00:01", "t", "10.0.0.4/24", "10.0.0.1", List.of())));

        assertThat(new String(seed.get("meta-data"))).contains("local-hostname: web1a2b3000000");
        assertThat(new String(seed.get("user-data"))).isEqualTo("echo hi\n");
        assertThat(new String(seed.get("network-config"))).contains("addresses: [10.0.0.4/24]");
        assertThat(handler.toResponse(Fixtures.LATEST, id, spec, handler.connect().observe(id, spec)).toString()).doesNotContain("ZWNobyBoaQo=");
    }

    @Test
    void scaling_out_adds_new_ids_and_scaling_in_removes_the_highest_with_their_guests_and_ports() {
        ScaleSetSpec spec = create(2);
        ObjectNode scale = Fixtures.json("{'location':'local','sku':{'name':'Standard_B1ls','tier':'Standard','capacity':3}}").deepCopy();
        ScaleSetSpec three = handler.toSpec(Fixtures.LATEST, id, scale, Optional.of(spec));
        stored.put(id, three);
        assertThat(handler.connect().update(id, three)).isInstanceOf(Outcome.Done.class);
        assertThat(three.instances()).extracting(ScaleSetSpec.Instance::instanceId).containsExactly("0", "1", "2");
        assertThat(machines.machines()).hasSize(3);

        ScaleSetSpec one = handler.patch(Fixtures.LATEST, id, Fixtures.json("{'sku':{'capacity':1}}"), three);
        stored.put(id, one);
        assertThat(handler.connect().update(id, one)).isInstanceOf(Outcome.Done.class);

        assertThat(one.instances()).extracting(ScaleSetSpec.Instance::instanceId).containsExactly("0");
        assertThat(machines.machines()).containsExactly(ScaleSetClient.machineId(id, "0"));
        assertThat(ports.attachment(nic("1"))).isEmpty();
        assertThat(ports.attachment(nic("2"))).isEmpty();
        assertThat(ports.attachment(nic("0"))).isPresent();

        ScaleSetSpec two = handler.patch(Fixtures.LATEST, id, Fixtures.json("{'sku':{'capacity':2}}"), one);
        assertThat(two.instances()).extracting(ScaleSetSpec.Instance::instanceId).containsExactly("0", "3");
        assertThat(two.adminUsername()).isEqualTo("azureuser");
    }

    @Test
    void instances_are_listed_and_read_with_their_instance_view() {
        ScaleSetSpec spec = create(2);

        JsonNode list = view(spec, "virtualMachines");
        assertThat(list.get("value")).hasSize(2);
        JsonNode vm = list.get("value").get(1);
        assertThat(vm.get("name").asText()).isEqualTo("web_1");
        assertThat(vm.get("instanceId").asText()).isEqualTo("1");
        assertThat(vm.get("type").asText()).isEqualTo("Microsoft.Compute/virtualMachineScaleSets/virtualMachines");
        assertThat(vm.get("id").asText()).endsWith("/virtualMachineScaleSets/web/virtualMachines/1");
        assertThat(vm.at("/properties/osProfile/computerName").asText()).isEqualTo("web1a2b3000001");
        assertThat(vm.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(vm.at("/properties/latestModelApplied").asBoolean()).isTrue();
        assertThat(power(spec, "1")).isEqualTo("PowerState/running");

        JsonNode summary = view(spec, "instanceView").at("/virtualMachine/statusesSummary");
        assertThat(summary.toString()).contains("{\"code\":\"PowerState/running\",\"count\":2}");
    }

    @Test
    void power_actions_reach_the_named_instances_or_all() {
        ScaleSetSpec spec = create(2);

        run(spec, "POST", "{'instanceIds':['1']}", "powerOff");
        assertThat(power(spec, "0")).isEqualTo("PowerState/running");
        assertThat(power(spec, "1")).isEqualTo("PowerState/stopped");

        run(spec, "POST", "{}", "deallocate");
        assertThat(power(spec, "0")).isEqualTo("PowerState/deallocated");

        run(spec, "POST", "{}", "virtualMachines", "0", "start");
        assertThat(power(spec, "0")).isEqualTo("PowerState/running");
        assertThat(power(spec, "1")).isEqualTo("PowerState/deallocated");
    }

    @Test
    void deleting_instances_lowers_the_capacity_and_removes_their_guests() {
        ScaleSetSpec spec = create(3);

        ScaleSetSpec after = run(spec, "POST", "{'instanceIds':['0','2']}", "delete");
        assertThat(after.capacity()).isEqualTo(1);
        assertThat(after.instances()).extracting(ScaleSetSpec.Instance::instanceId).containsExactly("1");
        assertThat(machines.machines()).containsExactly(ScaleSetClient.machineId(id, "1"));

        ScaleSetSpec none = run(after, "DELETE", "{}", "virtualMachines", "1");
        assertThat(none.capacity()).isZero();
        assertThat(machines.machines()).isEmpty();
    }

    @Test
    void an_instances_boot_diagnostics_link_serves_its_own_serial_log() throws Exception {
        ScaleSetSpec spec = create(2);
        ScaleSetSpec after = spec;
        String uri = null;
        for (ResourceCommand<ScaleSetSpec> c : handler.commands()) {
            Optional<List<String>> values = c.match(List.of("virtualMachines", "1", "retrieveBootDiagnosticsData"));
            if (values.isPresent()) {
                ResourceCommand.Result<ScaleSetSpec> r = c.run(Fixtures.LATEST, id, spec, values.get(), Fixtures.json("{}"));
                after = r.spec();
                uri = r.body().get("serialConsoleLogBlobUri").asText();
            }
        }
        assertThat(after).isEqualTo(spec);
        java.net.URI link = java.net.URI.create(uri);
        String path = link.getPath().substring("/content/Microsoft.Compute/".length());
        Map<String, String> query = new java.util.HashMap<>();
        for (String kv : link.getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            query.put(p[0], java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8));
        }

        assertThat(path).contains(ScaleSetClient.machineId(id, "1"));
        assertThat(provider.publicContent(path, query)).isPresent();
    }

    @Test
    void an_unknown_instance_id_is_not_found() {
        ScaleSetSpec spec = create(1);

        assertThatThrownBy(() -> view(spec, "virtualMachines", "7")).isInstanceOfSatisfying(ArmException.class,
                e -> assertThat(e.error().code()).isEqualTo("NotFound"));
        assertThatThrownBy(() -> run(spec, "POST", "{'instanceIds':['0','9']}", "powerOff")).isInstanceOfSatisfying(ArmException.class,
                e -> assertThat(e.error().code()).isEqualTo("NotFound"));
        assertThatThrownBy(() -> run(spec, "POST", "{}", "delete")).isInstanceOfSatisfying(ArmException.class,
                e -> assertThat(e.error().target()).isEqualTo("instanceIds"));
        assertThat(power(spec, "0")).isEqualTo("PowerState/running");
    }

    @Test
    void deleting_the_set_leaves_no_guest_and_no_port() {
        create(2);
        ScaleSetClient client = new ScaleSetClient(machines, ImageSource.fake(), new ScaleSetNetwork(() -> Optional.of(ports)),
                x -> stored.find(x).map(r -> r.spec(ScaleSetSpec.class)), new io.strato.testkit.InMemorySecretVault(), java.time.Duration.ofMinutes(1), Fixtures.CLOCK);

        assertThat(client.delete(id)).isInstanceOf(Outcome.Done.class);

        assertThat(machines.machines()).isEmpty();
        assertThat(ports.attachment(nic("0"))).isEmpty();
        assertThat(ports.attachment(nic("1"))).isEmpty();
    }

    @Test
    void a_step_after_the_set_was_deleted_makes_no_guest() {
        ScaleSetSpec spec = create(1);
        assertThat(handler.connect().delete(id)).isInstanceOf(Outcome.Done.class);
        stored.remove(id);

        assertThat(handler.connect().update(id, spec)).isInstanceOf(Outcome.Failed.class);
        assertThat(machines.machines()).isEmpty();
    }

    @Test
    void the_response_has_azures_shape() {
        ScaleSetSpec spec = create(2);
        JsonNode r = handler.toResponse(Fixtures.LATEST, id, spec, handler.connect().observe(id, spec));

        assertThat(r.at("/sku/capacity").asInt()).isEqualTo(2);
        assertThat(r.at("/sku/name").asText()).isEqualTo("Standard_B1ls");
        assertThat(r.at("/properties/uniqueId").asText()).isEqualTo(spec.uniqueId());
        assertThat(r.at("/properties/overprovision").asBoolean()).isTrue();
        assertThat(r.at("/properties/upgradePolicy/mode").asText()).isEqualTo("Manual");
        assertThat(r.at("/properties/virtualMachineProfile/osProfile/computerNamePrefix").asText()).isEqualTo("web1a2b3");
        assertThat(r.at("/properties/virtualMachineProfile/osProfile/adminPassword").isMissingNode()).isTrue();
        assertThat(r.at("/properties/virtualMachineProfile/storageProfile/osDisk/managedDisk/storageAccountType").asText()).isEqualTo("Standard_LRS");
        assertThat(view(spec, "skus").at("/value/0/capacity/maximum").asInt()).isEqualTo(100);
    }

    @Test
    void bad_input_gets_azures_codes() {
        assertCode(body(-1), "InvalidParameter", "sku.capacity");
        assertCode(body(101), "InvalidParameter", "sku.capacity");
        ObjectNode size = body(1);
        ((ObjectNode) size.get("sku")).put("name", "Standard_Huge");
        assertCode(size, "InvalidParameter", "sku.name");
        ObjectNode image = body(1);
        ((ObjectNode) image.at("/properties/virtualMachineProfile/storageProfile/imageReference")).put("publisher", "MicrosoftWindowsServer");
        assertCode(image, "PlatformImageNotFound", "imageReference");
        ObjectNode subnet = body(1);
        ((ObjectNode) subnet.at("/properties/virtualMachineProfile/networkProfile/networkInterfaceConfigurations/0/properties/ipConfigurations/0/properties/subnet"))
                .put("id", RG + "virtualNetworks/vnet1/subnets/missing");
        assertCode(subnet, "InvalidResourceReference", "networkInterfaceConfigurations");
        ObjectNode flexible = body(1);
        ((ObjectNode) flexible.get("properties")).put("orchestrationMode", "Flexible");
        assertCode(flexible, "InvalidParameter", "orchestrationMode");
        ObjectNode admin = body(1);
        ((ObjectNode) admin.at("/properties/virtualMachineProfile/osProfile")).put("adminUsername", "root");
        assertCode(admin, "InvalidParameter", "adminUsername");
        ObjectNode noNetwork = body(1);
        ((ObjectNode) noNetwork.at("/properties/virtualMachineProfile")).remove("networkProfile");
        assertCode(noNetwork, "InvalidParameter", "networkInterfaceConfigurations");
        ObjectNode noSku = body(1);
        noSku.remove("sku");
        assertCode(noSku, "InvalidParameter", "name");
        ObjectNode extensions = body(1);
        ((ObjectNode) extensions.at("/properties/virtualMachineProfile")).set("extensionProfile",
                Fixtures.json("{'extensions':[{'name':'cs','properties':{'publisher':'Microsoft.Azure.Extensions','type':'CustomScript','settings':{'commandToExecute':'true'}}}]}"));
        assertCode(extensions, "InvalidParameter", "virtualMachineProfile.extensionProfile");
        ObjectNode dataDisks = body(1);
        ((ObjectNode) dataDisks.at("/properties/virtualMachineProfile/storageProfile")).set("dataDisks", Fixtures.json("[{'lun':0,'createOption':'Empty','diskSizeGB':1}]"));
        assertCode(dataDisks, "InvalidParameter", "virtualMachineProfile.storageProfile.dataDisks");
        ObjectNode publicIp = body(1);
        ((ObjectNode) publicIp.at("/properties/virtualMachineProfile/networkProfile/networkInterfaceConfigurations/0/properties/ipConfigurations/0/properties"))
                .set("publicIPAddressConfiguration", Fixtures.json("{'name':'pub'}"));
        assertCode(publicIp, "InvalidParameter", "ipConfigurations.publicIPAddressConfiguration");
        ObjectNode trustedLaunch = body(1);
        ((ObjectNode) trustedLaunch.at("/properties/virtualMachineProfile")).putObject("securityProfile").put("securityType", "TrustedLaunch");
        assertCode(trustedLaunch, "BadRequest", "securityProfile.securityType");
        assertThat(machines.machines()).isEmpty();
    }

    @Test
    void what_cannot_change_after_creation_is_refused() {
        ScaleSetSpec spec = create(1);
        ObjectNode prefix = body(1);
        ((ObjectNode) prefix.at("/properties/virtualMachineProfile/osProfile")).put("computerNamePrefix", "other");

        assertThatThrownBy(() -> handler.toSpec(Fixtures.LATEST, id, prefix, Optional.of(spec))).isInstanceOfSatisfying(ArmException.class,
                e -> assertThat(e.error().code()).isEqualTo("PropertyChangeNotAllowed"));
    }

    private void assertCode(JsonNode body, String code, String target) {
        assertThatThrownBy(() -> handler.toSpec(Fixtures.LATEST, id, body, Optional.empty())).isInstanceOfSatisfying(ArmException.class, e -> {
            assertThat(e.error().code()).isEqualTo(code);
            assertThat(e.error().target()).isEqualTo(target);
        });
    }
}
