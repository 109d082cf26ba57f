package io.strato.provider.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.spi.ApiVersions;
import io.strato.spi.ProviderAction;

/**
 * {@code POST /subscriptions/{s}/providers/Microsoft.Storage/checkNameAvailability} with
 * {@code {"name": ..., "type": "Microsoft.Storage/storageAccounts"}}: answers
 * {@code {"nameAvailable": true}} or {@code {"nameAvailable": false, "reason", "message"}} with reason
 * {@code AccountNameInvalid} or {@code AlreadyExists}, as Azure does. Changes nothing.
 */
public final class CheckNameAvailabilityAction implements ProviderAction {
    @Override
    public String name() { return "checkNameAvailability"; }

    @Override
    public ApiVersions apiVersions() { return StorageAccountHandler.API_VERSIONS; }

    @Override
    public JsonNode invoke(ApiVersion version, String subscriptionId, JsonNode body, NameRegistry names) {
        JsonBody request = JsonBody.of(body);
        String name = request.requiredText("name");
        String type = request.requiredText("type");
        if (!StorageAccountHandler.TYPE.toString().equalsIgnoreCase(type.trim())) {
            throw JsonBody.invalidParameters("type", "type");
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        if (!StorageAccountNames.isValid(name)) {
            return answer.put("nameAvailable", false).put("reason", "AccountNameInvalid")
                    .put("message", StorageAccountNames.invalidMessage(name));
        }
        if (names.isTaken(StorageAccountHandler.TYPE, name)) {
            return answer.put("nameAvailable", false).put("reason", "AlreadyExists")
                    .put("message", StorageAccountNames.takenMessage(name));
        }
        return answer.put("nameAvailable", true);
    }
}
