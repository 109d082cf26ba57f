package io.strato.provider.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Request bodies and ids for the tests. */
public final class Fixtures {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static ResourceId group(String name) {
        return ResourceId.resource("00000000-0000-0000-0000-000000000001", "rg1", ResourceType.of("Microsoft.ContainerInstance", "containerGroups"), name);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code az container create -g rg -n NAME --image IMAGE --command-line CMD --ip-address Public --ports PORT} sends. */
    public static JsonNode azCreate(String image, String command, int port) {
        return json("{'location':'local','properties':{'containers':[{'name':'app','properties':{'image':'" + image + "',"
                + "'command':" + command + ",'ports':[{'port':" + port + ",'protocol':'TCP'}],"
                + "'environmentVariables':[{'name':'GREETING','value':'hello'},{'name':'TOKEN','secureValue':'s3cret'}],"
                + "'resources':{'requests':{'memoryInGB':0.25,'cpu':0.5}}}}],'restartPolicy':'Always',"
                + "'ipAddress':{'ports':[{'protocol':'TCP','port':" + port + "}],'type':'Public'},'osType':'Linux'}}");
    }
}
