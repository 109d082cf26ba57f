package io.strato.server.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Json;
import io.strato.server.gateway.Responses;
import io.strato.server.jobs.Operations;
import io.strato.server.persistence.ResourceEntity;
import io.strato.server.persistence.ResourceStore;
import io.strato.server.persistence.SubscriptionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Resource groups: PUT, GET, HEAD, PATCH, list and DELETE (202 + Location; deletes everything inside). */
@ApplicationScoped
public class ResourceGroups {
    private static final Pattern VALID_CHAR = Pattern.compile("[\\p{L}\\p{N}\\-._()]");

    @Inject ManagementLocks locks;
    @Inject Subscriptions subscriptions;
    @Inject ResourceStore store;
    @Inject ApplianceSettings settings;
    @Inject Operations operations;

    /** The group named in a request path, or ResourceGroupNotFound. */
    public ResourceEntity require(String subscriptionId, String group) {
        subscriptions.require(subscriptionId);
        return find(subscriptionId, group).orElseThrow(() -> notFound(group));
    }

    public Optional<ResourceEntity> find(String subscriptionId, String group) {
        return store.find(ResourceId.resourceGroup(subscriptionId, group).key());
    }

    static RuntimeException notFound(String group) {
        return ArmErrorCode.ResourceGroupNotFound.exception("Resource group '" + group + "' could not be found.");
    }

    static void validateName(String name) {
        StringBuilder bad = new StringBuilder();
        name.codePoints().filter(c -> !VALID_CHAR.matcher(new String(Character.toChars(c))).matches())
                .distinct().forEach(bad::appendCodePoint);
        if (bad.length() > 0) {
            throw ArmErrorCode.InvalidResourceGroup.exception("The provided resource group name '" + name + "' has these invalid characters: '"
                    + bad + "'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'. See https://aka.ms/ResourceGroupNamingRestrictions for more details.", "resourceGroupName");
        }
        if (name.length() > 90 || name.endsWith(".")) {
            throw ArmErrorCode.InvalidResourceGroup.exception("The provided resource group name '" + name
                    + "' is invalid: it must be 1 to 90 characters long and must not end with a period.", "resourceGroupName");
        }
    }

    @Transactional
    Response put(ArmRequest req, Map<String, String> vars) {
        BuiltInApis.require(req, BuiltInApis.RESOURCES);
        Written w = upsert(vars.get("s"), vars.get("rg"), req.json(), req.caller(), req);
        return withEtag(Responses.json(w.created() ? 201 : 200, render(w.group())), w.group());
    }

    /** A stored group and whether the write created it. */
    public record Written(ResourceEntity group, boolean created) {}

    /**
     * Creates or updates a resource group from a PUT body: the one write path, for HTTP PUT and for
     * subscription-scope deployments. {@code conditional} carries If-Match / If-None-Match (null for deployments).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Written upsert(String sub, String name, JsonNode body, io.strato.server.identity.Caller caller, ArmRequest conditional) {
        subscriptions.require(sub);
        locks.checkWrite(ResourceId.resourceGroup(sub, name));
        validateName(name);
        if (!body.isObject()) throw ArmErrorCode.InvalidRequestContent.exception("The request content must be a JSON object.");
        JsonNode loc = body.get("location");
        if (loc == null || loc.isNull() || loc.asText().isBlank()) {
            throw ArmErrorCode.LocationRequired.exception("The location property is required for this definition.", "location");
        }
        String location = Envelope.normalizeLocation(loc.asText());
        if (!location.equals(settings.location())) {
            throw ArmErrorCode.LocationNotAvailableForResourceGroup.exception("The provided location '" + loc.asText()
                    + "' is not available for resource group. List of available regions is '" + settings.location() + "'.", "location");
        }
        Map<String, String> tags = Envelope.tags(body);
        ResourceId id = ResourceId.resourceGroup(sub, name);
        Optional<ResourceEntity> existing = store.findForUpdate(id.key());
        if (conditional != null) Preconditions.check(conditional, existing);
        ResourceEntity e;
        if (existing.isPresent()) {
            e = existing.get();
            if ("Deleting".equals(e.provisioningState)) {
                throw ArmErrorCode.ResourceGroupBeingDeleted.exception("The resource group '" + e.nameKey + "' is in deprovisioning state and cannot perform this operation.");
            }
            if (!e.location.equals(location)) {
                throw ArmErrorCode.InvalidResourceGroupLocation.exception("Invalid resource group location '" + loc.asText()
                        + "'. The Resource group already exists in location '" + e.location + "'.", "location");
            }
            Envelope.stampModified(e, caller);
        } else {
            e = new ResourceEntity();
            e.idKey = id.key();
            e.id = id.toString();
            e.subscriptionId = sub.toLowerCase(Locale.ROOT);
            e.resourceGroup = name.toLowerCase(Locale.ROOT);
            e.typeKey = ResourceStore.GROUP_TYPE;
            e.nameKey = name.toLowerCase(Locale.ROOT);
            e.location = location;
            e.provisioningState = "Succeeded";
            Envelope.stampCreated(e, caller);
        }
        e.tags = Json.write(tags);
        ObjectNode spec = Json.object();
        if (body.hasNonNull("managedBy")) spec.put("managedBy", body.get("managedBy").asText());
        e.spec = Json.write(spec);
        if (existing.isEmpty()) store.persist(e);
        return new Written(e, existing.isEmpty());
    }

    @Transactional
    Response get(ArmRequest req, Map<String, String> vars) {
        BuiltInApis.require(req, BuiltInApis.RESOURCES);
        ResourceEntity e = require(vars.get("s"), vars.get("rg"));
        return withEtag(Responses.ok(render(e)), e);
    }

    @Transactional
    Response head(ArmRequest req, Map<String, String> vars) {
        BuiltInApis.require(req, BuiltInApis.RESOURCES);
        subscriptions.require(vars.get("s"));
        return Response.status(find(vars.get("s"), vars.get("rg")).isPresent() ? 204 : 404).build();
    }

    @Transactional
    Response patch(ArmRequest req, Map<String, String> vars) {
        BuiltInApis.require(req, BuiltInApis.RESOURCES);
        subscriptions.require(vars.get("s"));
        ResourceEntity e = store.findForUpdate(ResourceId.resourceGroup(vars.get("s"), vars.get("rg")).key())
                .orElseThrow(() -> notFound(vars.get("rg")));
        Preconditions.check(req, Optional.of(e));
        locks.checkWrite(ResourceId.resourceGroup(vars.get("s"), vars.get("rg")));
        JsonNode body = req.json();
        if (body.has("location") && !Envelope.normalizeLocation(body.get("location").asText()).equals(e.location)) {
            throw ArmErrorCode.InvalidResourceGroupLocation.exception("Invalid resource group location '" + body.get("location").asText()
                    + "'. The Resource group already exists in location '" + e.location + "'.", "location");
        }
        if (body.has("tags")) e.tags = Json.write(Envelope.tags(body));
        if (body.has("managedBy")) {
            ObjectNode spec = Json.object();
            if (body.hasNonNull("managedBy")) spec.put("managedBy", body.get("managedBy").asText());
            e.spec = Json.write(spec);
        }
        Envelope.stampModified(e, req.caller());
        return withEtag(Responses.ok(render(e)), e);
    }

    @Transactional
    Response delete(ArmRequest req, Map<String, String> vars) {
        BuiltInApis.require(req, BuiltInApis.RESOURCES);
        subscriptions.require(vars.get("s"));
        ResourceEntity e = store.findForUpdate(ResourceId.resourceGroup(vars.get("s"), vars.get("rg")).key())
                .orElseThrow(() -> notFound(vars.get("rg")));
        Preconditions.check(req, Optional.of(e));
        locks.checkDelete(ResourceId.resourceGroup(vars.get("s"), vars.get("rg")));
        e.provisioningState = "Deleting";
        java.util.UUID op = operations.start(vars.get("s"), Operations.Kind.DELETE_GROUP, e.id, req.apiVersionText());
        return Responses.accepted(settings.baseUrl() + "/subscriptions/" + e.subscriptionId
                + "/providers/Microsoft.Resources/operationResults/" + op + "?api-version=" + req.apiVersionText());
    }

    @Transactional
    Response list(ArmRequest req, Map<String, String> vars) {
        BuiltInApis.require(req, BuiltInApis.RESOURCES);
        SubscriptionEntity s = subscriptions.require(vars.get("s"));
        ResourceStore.Filter f = ODataFilter.apply(req.queryParam("$filter").orElse(null), ResourceStore.Filter.subscription(s.id).groups(), true);
        return Paging.list(store, settings, req, f, this::render);
    }

    public ObjectNode render(ResourceEntity e) {
        ObjectNode n = Json.object();
        n.put("id", e.id);
        n.put("name", ResourceId.parse(e.id).name());
        n.put("type", "Microsoft.Resources/resourceGroups");
        n.put("location", e.location);
        JsonNode tags = Envelope.tagsNode(e);
        if (tags.size() > 0) n.set("tags", tags);
        JsonNode spec = Envelope.readJson(e.spec);
        if (spec.hasNonNull("managedBy")) n.put("managedBy", spec.get("managedBy").asText());
        n.putObject("properties").put("provisioningState", e.provisioningState);
        return n;
    }

    static Response withEtag(Response r, ResourceEntity e) {
        return Response.fromResponse(r).header("ETag", e.etag).build();
    }
}
