package io.strato.provider.containers;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.ResourceTypeHandler;
import io.strato.testkit.ResourceTypeHandlerContract;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class ContainerGroupHandlerContractTest extends ResourceTypeHandlerContract<ContainerGroupSpec> {
    @TempDir
    Path dir;
    private ContainerGroupHandler handler;

    @Override
    protected ResourceTypeHandler<ContainerGroupSpec> handler() {
        if (handler == null) {
            ContainersProvider provider = new ContainersProvider();
            provider.configure(TestProviderContext.of(dir, Map.of(ContainersProvider.DRIVER_SETTING, "memory")));
            handler = (ContainerGroupHandler) provider.resourceTypes().get(0);
        }
        return handler;
    }

    @Override
    protected ResourceId sampleId() { return Fixtures.group("contract1"); }

    @Override
    protected JsonNode sampleValidBody() {
        // secure values are write-only (never echoed), so the round-trip sample has none
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.azCreate("busybox", "['httpd','-f','-p','80']", 80);
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.at("/properties/containers/0/properties/environmentVariables")).remove(1);
        return body;
    }

    @Override
    protected List<InvalidSample> sampleInvalidBodies() {
        return List.of(
                InvalidSample.of("there are no properties", "{'location':'local'}", ArmErrorCode.InvalidRequestContent),
                InvalidSample.of("there are no containers", "{'properties':{'osType':'Linux','containers':[]}}", ArmErrorCode.InvalidRequestContent),
                InvalidSample.of("a container has no image", "{'properties':{'osType':'Linux','containers':[{'name':'a','properties':"
                        + "{'resources':{'requests':{'cpu':1,'memoryInGB':1}}}}]}}", ArmErrorCode.InvalidRequestContent),
                InvalidSample.of("a container name has capitals", "{'properties':{'osType':'Linux','containers':[{'name':'A','properties':"
                        + "{'image':'busybox','resources':{'requests':{'cpu':1,'memoryInGB':1}}}}]}}", ArmErrorCode.InvalidContainerName),
                InvalidSample.of("the os type is Windows", "{'properties':{'osType':'Windows','containers':[{'name':'a','properties':"
                        + "{'image':'busybox','resources':{'requests':{'cpu':1,'memoryInGB':1}}}}]}}", ArmErrorCode.InvalidRequestPropertyValue));
    }
}
