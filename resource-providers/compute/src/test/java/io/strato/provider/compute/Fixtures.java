package io.strato.provider.compute;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Shared values for the compute tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ApiVersion LATEST = ApiVersion.parse("2022-11-01");
    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
    static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ6k0U3n0Qz2 test@strato";
    private static final ObjectMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private Fixtures() {}

    static ResourceId vm(String name) {
        return ResourceId.resource(SUBSCRIPTION, "rg1", VirtualMachineHandler.TYPE, name);
    }

    static JsonNode json(String text) {
        try {
            return LENIENT.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A VM body as {@code az vm create --image StratoTinyLinux --ssh-key-values ...} makes it, with customData. */
    static ObjectNode tinyVm() {
        return (ObjectNode) json("{'location':'local','properties':{'hardwareProfile':{'vmSize':'Standard_B1s'},"
                + "'storageProfile':{'imageReference':{'publisher':'Strato','offer':'tiny-linux','sku':'busybox','version':'latest'},"
                + "'osDisk':{'createOption':'FromImage','managedDisk':{'storageAccountType':'Premium_LRS'}}},"
                + "'osProfile':{'computerName':'vm1','adminUsername':'azureuser','customData':'IyEvYmluL3NoCmVjaG8gaGVsbG8gZnJvbSBjdXN0b21EYXRhCg==',"
                + "'linuxConfiguration':{'disablePasswordAuthentication':true,'ssh':{'publicKeys':[{'path':'/home/azureuser/.ssh/authorized_keys','keyData':'" + SSH_KEY + "'}]}}},"
                + "'networkProfile':{'networkInterfaces':[]}}}");
    }

    /** A provider on the in-memory driver over a test context. */
    static ComputeProvider memoryProvider(Path dir) {
        ComputeProvider provider = new ComputeProvider(CLOCK);
        provider.configure(TestProviderContext.of(dir, Map.of(ComputeProvider.DRIVER_SETTING, "memory")));
        return provider;
    }
}
