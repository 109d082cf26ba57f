package io.strato.server.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Json;
import io.strato.server.gateway.Responses;
import io.strato.server.jobs.Operations;
import io.strato.server.jobs.Reconciler;
import io.strato.server.persistence.ResourceEntity;
import io.strato.server.persistence.ResourceStore;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.ResourceAction;
import io.strato.spi.ResourceTypeHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Provider resources: {@code /subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...]}.
 * Validation is the handler's, state is the store's, and the real work is the driver's, called inline when it
 * finishes at once and through a durable operation when it does not.
 */
@ApplicationScoped
public class Resources {
    @Inject ManagementLocks locks;
    @Inject ProviderCatalog catalog;
    @Inject Subscriptions subscriptions;
    @Inject ResourceGroups groups;
    @Inject ResourceStore store;
    @Inject ApplianceSettings settings;
    @Inject Operations operations;
    @Inject Reconciler reconciler;
    @Inject ProviderRegistrations registrations;

    /** A resource path resolved to its id, handler and the api-version it is served at. */
    record Target(ResourceId id, ResourceTypeHandler<?> handler, ApiVersion version) {}

    /** Parses {@code segments} (starting at "subscriptions") into a resource target; {@code typeNames} alternate type/name. */
    Target resolve(ArmRequest req, String sub, String group, String namespace, List<String> typeNames) {
        String[] types = new String[(typeNames.size() + 1) / 2];
        String[] names = new String[typeNames.size() / 2];
        for (int i = 0; i < typeNames.size(); i++) {
            if (i % 2 == 0) types[i / 2] = typeNames.get(i); else names[i / 2] = typeNames.get(i);
        }
        ResourceType type = ResourceType.of(namespace, types);
        ResourceTypeHandler<?> h = handlerFor(req, type);
        ApiVersion v = requireVersion(req, type, h);
        ResourceId id = names.length == types.length ? ResourceId.resource(sub, group, type, names) : null;
        return new Target(id, h, v);
    }

    ResourceTypeHandler<?> handlerFor(ArmRequest req, ResourceType type) {
        return catalog.handler(type).orElseThrow(() -> {
            String v = req.apiVersionText();
            if (catalog.provider(type.namespace()).isPresent()) {
                return ArmErrorCode.InvalidResourceType.exception("The resource type '" + type.typePath()
                        + "' could not be found in the namespace '" + type.namespace() + "' for api version '" + v + "'.");
            }
            return ArmErrorCode.NoRegisteredProviderFound.exception("No registered resource provider found for location '"
                    + settings.location() + "' and API version '" + v + "' for type '" + type + "'.");
        });
    }

    ApiVersion requireVersion(ArmRequest req, ResourceType type, ResourceTypeHandler<?> h) {
        String text = req.apiVersionText();
        return req.apiVersion().filter(h.apiVersions()::isPublished).orElseThrow(() -> ArmErrorCode.NoRegisteredProviderFound.exception(
                "No registered resource provider found for location '" + settings.location() + "' and API version '" + text
                        + "' for type '" + type.typePath() + "'. The supported api-versions are '" + h.apiVersions().describe()
                        + "'. The supported locations are '" + settings.location() + "'.", "api-version"));
    }

    private void requireParent(ResourceId id) {
        groups.require(id.subscriptionId(), id.resourceGroup().orElseThrow());
        ResourceId parent = id.parent();
        if (parent.isResource() && store.find(parent.key()).isEmpty()) {
            throw ArmErrorCode.ParentResourceNotFound.exception("Can not perform requested operation on nested resource. Parent resource '"
                    + parent.name() + "' not found.");
        }
    }

    static RuntimeException notFound(ResourceId id) {
        return ArmErrorCode.ResourceNotFound.exception("The Resource '" + id.type().namespace() + "/" + String.join("/", interleave(id))
                + "' under resource group '" + id.resourceGroup().orElse("") + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }

    private static List<String> interleave(ResourceId id) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < id.names().size(); i++) {
            out.add(id.type().types().get(i));
            out.add(id.names().get(i));
        }
        return out;
    }

    /** What a write did: the stored row, whether it was new, and the operation still running (null when done). */
    public record Written(ResourceEntity entity, boolean created, java.util.UUID operation, boolean locationPolling) {}

    @Transactional
    Response put(ArmRequest req, Target t) {
        locks.checkWrite(t.id());
        if (t.handler() instanceof EmbeddedChildHandler<?> ec) return putEmbedded(req, t, ec);
        Written w = upsert(t.id(), t.handler(), t.version(), req.apiVersionText(), req.json(), req.caller(), req, false);
        ResourceEntity e = w.entity();
        if (w.operation() != null && w.locationPolling()) return Responses.accepted(operationUrl(t.id(), w.operation(), req.apiVersionText()));
        Response.ResponseBuilder r = Response.fromResponse(Responses.json(w.created() ? 201 : 200, render(e, t.handler(), t.version(), true)))
                .header("ETag", e.etag);
        if (w.operation() != null) {
            r.header("Azure-AsyncOperation", statusUrl(t.id(), w.operation(), req.apiVersionText())).header("Retry-After", Responses.RETRY_AFTER);
        }
        return r.build();
    }

    /**
     * Creates or replaces a resource from a PUT body: the one write path, used by HTTP PUT and by deployments.
     * Validates (group, registration, name, location, the handler's rules), stores the desired state and calls the
     * driver inline, or starts a durable operation when the type creates asynchronously or the driver is not done.
     * {@code conditional} carries If-Match / If-None-Match when the caller sent them (null for deployments).
     * {@code inline}: the caller waits anyway (a deployment), so a type that answers HTTP creates with 202 is
     * created by calling its driver now; only a driver that is not done at once leaves a running operation.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <S> Written upsert(ResourceId id, ResourceTypeHandler<S> h, ApiVersion version, String apiVersionText, JsonNode body,
                              io.strato.server.identity.Caller caller, ArmRequest conditional, boolean inline) {
        if (h instanceof EmbeddedChildHandler<?> ec) return upsertEmbedded(id, ec, version, body, caller, conditional);
        ensureSingletonParent(id, version, caller);
        requireParent(id);
        registrations.requireRegistered(id.subscriptionId(), id.type().namespace());
        h.validateName(id);
        if (!body.isObject()) throw ArmErrorCode.InvalidRequestContent.exception("The request content must be a JSON object.");
        Optional<ResourceEntity> existing = store.findForUpdate(id.key());
        if (conditional != null) Preconditions.check(conditional, existing);
        String location = null;
        if (h.hasLocation()) {
            JsonNode loc = body.get("location");
            if (loc == null || loc.isNull() || loc.asText().isBlank()) {
                throw ArmErrorCode.LocationRequired.exception("The location property is required for this definition.", "location");
            }
            location = Envelope.normalizeLocation(loc.asText());
            List<String> offered = h.locations().isEmpty() ? List.of(settings.location()) : h.locations();
            if (!offered.contains(location)) {
                throw ArmErrorCode.LocationNotAvailableForResourceType.exception("The provided location '" + loc.asText()
                        + "' is not available for resource type '" + h.type() + "'. List of available regions for the resource type is '"
                        + String.join(",", offered) + "'.", "location");
            }
            if (existing.isPresent() && existing.get().location != null && !existing.get().location.equals(location)) {
                throw ArmErrorCode.InvalidResourceLocation.exception("The resource '" + id.name() + "' already exists in location '"
                        + existing.get().location + "' in resource group '" + id.resourceGroup().orElse("")
                        + "'. A resource with the same name cannot be created in location '" + location + "'. Please select a new resource name.", "location");
            }
        }
        Map<String, String> tags = Envelope.tags(body);
        Optional<S> before = existing.map(e -> Specs.read(e.spec, h.specClass()));
        S spec = h.toSpec(version, id, body, before);
        if (existing.isEmpty() && h.globallyUniqueName() && store.globalNameTaken(h.type().key(), id.name().toLowerCase(Locale.ROOT))) {
            throw h.nameTaken(id);
        }
        ResourceEntity e = existing.orElseGet(() -> newEntity(id, h));
        if (existing.isEmpty()) Envelope.stampCreated(e, caller); else Envelope.stampModified(e, caller);
        e.location = location;
        e.tags = Json.write(tags);
        e.spec = Specs.write(spec);
        if (existing.isEmpty()) {
            e.provisioningState = "Creating";
            store.persist(e);
            createSingletons(id, h, version, caller);
        }
        if (existing.isEmpty() && h.asyncCreate() && !inline) {
            return new Written(e, true, operations.start(id.subscriptionId(), Operations.Kind.CREATE, e.id, apiVersionText), true);
        }
        ExternalClient<S> client = h.connect();
        Outcome o = client.observe(id, spec).exists() ? client.update(id, spec) : client.create(id, spec);
        switch (o) {
            case Outcome.Done d -> e.provisioningState = "Succeeded";
            case Outcome.Failed f -> throw new io.strato.model.ArmException(ArmErrorCode.valueOf(codeOrBadRequest(f.error().code())).status(), f.error());
            case Outcome.InProgress p -> {
                e.provisioningState = existing.isPresent() ? "Updating" : "Creating";
                java.util.UUID op = operations.start(id.subscriptionId(), existing.isPresent() ? Operations.Kind.UPDATE : Operations.Kind.CREATE, e.id, apiVersionText);
                return new Written(e, existing.isEmpty(), op, false);
            }
        }
        return new Written(e, existing.isEmpty(), null, false);
    }

    /**
     * Makes a missing singleton parent ({@code fileServices/default} of an account created before file services were
     * served) when its own parent exists, so children can be written under it as under a new resource's.
     */
    private void ensureSingletonParent(ResourceId id, ApiVersion version, io.strato.server.identity.Caller caller) {
        ResourceId parent = id.parent();
        if (!parent.isResource() || store.find(parent.key()).isPresent()) return;
        ResourceId grandparent = parent.parent();
        if (!grandparent.isResource()) return;
        boolean singleton = catalog.handler(parent.type()).flatMap(ResourceTypeHandler::singletonName)
                .filter(n -> n.equalsIgnoreCase(parent.name())).isPresent();
        Optional<ResourceTypeHandler<?>> owner = catalog.handler(grandparent.type());
        if (singleton && owner.isPresent() && store.find(grandparent.key()).isPresent()) createSingletons(grandparent, owner.get(), version, caller);
    }

    /** Creates the children that exist once under every resource of this type (e.g. {@code blobServices/default}). */
    private void createSingletons(ResourceId parent, ResourceTypeHandler<?> h, ApiVersion version, io.strato.server.identity.Caller caller) {
        for (ResourceTypeHandler<?> child : catalog.handlers()) {
            Optional<String> name = child.singletonName();
            if (name.isEmpty() || child.type().types().size() != h.type().types().size() + 1
                    || !child.type().key().startsWith(h.type().key() + "/")) continue;
            ResourceId childId = parent.child(child.type().lastType(), name.get());
            if (store.find(childId.key()).isPresent()) continue;
            ResourceEntity c = newEntity(childId, child);
            Envelope.stampCreated(c, caller);
            c.tags = "{}";
            c.spec = Specs.write(child.toSpec(version, childId, Json.object(), Optional.empty()));
            c.provisioningState = "Succeeded";
            store.persist(c);
        }
    }

    private static String codeOrBadRequest(String code) {
        try {
            ArmErrorCode.valueOf(code);
            return code;
        } catch (IllegalArgumentException e) {
            return ArmErrorCode.BadRequest.name();
        }
    }

    private ResourceEntity newEntity(ResourceId id, ResourceTypeHandler<?> h) {
        ResourceEntity e = new ResourceEntity();
        e.idKey = id.key();
        e.id = id.toString().replace("/providers/" + id.type().namespace() + "/", "/providers/" + h.type().namespace() + "/");
        e.subscriptionId = id.subscriptionId().toLowerCase(Locale.ROOT);
        e.resourceGroup = id.resourceGroup().map(g -> g.toLowerCase(Locale.ROOT)).orElse(null);
        e.typeKey = h.type().key();
        e.nameKey = id.name().toLowerCase(Locale.ROOT);
        e.globalName = h.globallyUniqueName();
        return e;
    }

    String operationUrl(ResourceId id, java.util.UUID op, String apiVersion) {
        return settings.baseUrl() + "/subscriptions/" + id.subscriptionId() + "/providers/" + id.type().namespace() + "/locations/"
                + settings.location() + "/asyncoperations/" + op + "?monitor=true&api-version=" + apiVersion;
    }

    String statusUrl(ResourceId id, java.util.UUID op, String apiVersion) {
        return settings.baseUrl() + "/subscriptions/" + id.subscriptionId() + "/providers/" + id.type().namespace() + "/locations/"
                + settings.location() + "/operationStatuses/" + op + "?api-version=" + apiVersion;
    }

    @Transactional
    Response get(ArmRequest req, Target t) {
        ResourceId id = t.id();
        groups.require(id.subscriptionId(), id.resourceGroup().orElseThrow());
        if (t.handler() instanceof EmbeddedChildHandler<?> ec) {
            ResourceEntity parent = store.find(id.parent().key()).orElseThrow(() -> notFound(id));
            return Response.fromResponse(Responses.ok(renderEmbedded(parent, ec, id, t.version()).orElseThrow(() -> notFound(id))))
                    .header("ETag", parent.etag).build();
        }
        ResourceEntity e = store.find(id.key()).orElseThrow(() -> notFound(id));
        return Response.fromResponse(Responses.ok(render(e, t.handler(), t.version(), true, req.queryParam("$expand").orElse(null))))
                .header("ETag", e.etag).build();
    }

    @Transactional
    Response patch(ArmRequest req, Target t) {
        locks.checkWrite(t.id());
        if (t.handler() instanceof EmbeddedChildHandler<?>) {
            throw ArmErrorCode.MethodNotAllowed.exception("The requested method 'PATCH' is not allowed on '" + t.handler().type() + "'.");
        }
        return patchTyped(req, t, t.handler());
    }

    private <S> Response patchTyped(ArmRequest req, Target t, ResourceTypeHandler<S> h) {
        ResourceId id = t.id();
        groups.require(id.subscriptionId(), id.resourceGroup().orElseThrow());
        ResourceEntity e = store.findForUpdate(id.key()).orElseThrow(() -> notFound(id));
        Preconditions.check(req, Optional.of(e));
        JsonNode body = req.json();
        if (!body.isObject()) throw ArmErrorCode.InvalidRequestContent.exception("The request content must be a JSON object.");
        if (body.has("location") && h.hasLocation() && !Envelope.normalizeLocation(body.get("location").asText()).equals(e.location)) {
            throw ArmErrorCode.InvalidResourceLocation.exception("The location of resource '" + id.name() + "' cannot be changed.", "location");
        }
        S before = Specs.read(e.spec, h.specClass());
        S after = h.patch(t.version(), id, body, before);
        if (body.has("tags")) e.tags = Json.write(Envelope.tags(body));
        e.spec = Specs.write(after);
        Envelope.stampModified(e, req.caller());
        if (!after.equals(before)) {
            Outcome o = h.connect().update(id, after);
            if (o instanceof Outcome.Failed f) throw new io.strato.model.ArmException(ArmErrorCode.valueOf(codeOrBadRequest(f.error().code())).status(), f.error());
        }
        return Response.fromResponse(Responses.ok(render(e, h, t.version(), true))).header("ETag", e.etag).build();
    }

    @Transactional
    Response delete(ArmRequest req, Target t) {
        ResourceId id = t.id();
        groups.require(id.subscriptionId(), id.resourceGroup().orElseThrow());
        locks.checkDelete(id);
        if (t.handler() instanceof EmbeddedChildHandler<?> ec) return deleteEmbedded(req, id, ec);
        Optional<ResourceEntity> e = store.findForUpdate(id.key());
        if (e.isEmpty()) {
            if (req.header("If-Match").isPresent()) Preconditions.check(req, e);
            return Response.noContent().build();
        }
        Preconditions.check(req, e);
        checkDelete(t.handler(), id, e.get());
        ObjectNode deleted = t.handler().deleteAnswersWithBody() ? render(e.get(), t.handler(), t.version(), false) : null;
        Outcome o = reconciler.removeNow(e.get());
        return switch (o) {
            case Outcome.Done d -> deleted == null ? Response.ok().build() : Responses.ok(deleted);
            case Outcome.Failed f -> throw new io.strato.model.ArmException(ArmErrorCode.valueOf(codeOrBadRequest(f.error().code())).status(), f.error());
            case Outcome.InProgress p -> {
                e.get().provisioningState = "Deleting";
                java.util.UUID op = operations.start(id.subscriptionId(), Operations.Kind.DELETE, e.get().id, req.apiVersionText());
                yield Responses.accepted(operationUrl(id, op, req.apiVersionText()));
            }
        };
    }

    private <S> void checkDelete(ResourceTypeHandler<S> h, ResourceId id, ResourceEntity e) {
        h.checkDelete(id, Specs.read(e.spec, h.specClass()));
    }

    private Response putEmbedded(ArmRequest req, Target t, EmbeddedChildHandler<?> ec) {
        Written w = upsertEmbedded(t.id(), ec, t.version(), req.json(), req.caller(), req);
        ObjectNode body = renderEmbedded(w.entity(), ec, t.id(), t.version()).orElseThrow(() -> notFound(t.id()));
        return Response.fromResponse(Responses.json(w.created() ? 201 : 200, body)).header("ETag", w.entity().etag).build();
    }

    /**
     * Writes a child kept inside its parent ({@link io.strato.spi.EmbeddedChild}): the parent row is locked, its spec
     * gets the child, and the parent's driver brings the host up to date. The written entity is the parent's.
     */
    private <P> Written upsertEmbedded(ResourceId id, EmbeddedChildHandler<P> ec, ApiVersion version, JsonNode body,
                                       io.strato.server.identity.Caller caller, ArmRequest conditional) {
        groups.require(id.subscriptionId(), id.resourceGroup().orElseThrow());
        registrations.requireRegistered(id.subscriptionId(), id.type().namespace());
        ec.validateName(id);
        if (!body.isObject()) throw ArmErrorCode.InvalidRequestContent.exception("The request content must be a JSON object.");
        ResourceTypeHandler<P> ph = ec.parent();
        ResourceEntity parent = store.findForUpdate(id.parent().key()).orElseThrow(() -> ArmErrorCode.ParentResourceNotFound.exception(
                "Can not perform requested operation on nested resource. Parent resource '" + id.parent().name() + "' not found."));
        P before = Specs.read(parent.spec, ph.specClass());
        boolean created = ec.child().names(before).stream().noneMatch(n -> n.equalsIgnoreCase(id.name()));
        if (conditional != null) {
            Preconditions.check(conditional, created ? Optional.empty() : Optional.of(parent));
        }
        P after = ec.child().put(version, id, body, before);
        applyParent(parent, ph, ResourceId.parse(parent.id), before, after, caller);
        return new Written(parent, created, null, false);
    }

    private <P> Response deleteEmbedded(ArmRequest req, ResourceId id, EmbeddedChildHandler<P> ec) {
        ResourceTypeHandler<P> ph = ec.parent();
        Optional<ResourceEntity> parent = store.findForUpdate(id.parent().key());
        if (parent.isEmpty()) return Response.noContent().build();
        P before = Specs.read(parent.get().spec, ph.specClass());
        if (ec.child().names(before).stream().noneMatch(n -> n.equalsIgnoreCase(id.name()))) return Response.noContent().build();
        P after = ec.child().remove(id, before);
        applyParent(parent.get(), ph, ResourceId.parse(parent.get().id), before, after, req.caller());
        return Response.ok().build();
    }

    /** Stores the parent's new spec and lets its driver apply it; a driver failure rolls the request back. */
    private <P> void applyParent(ResourceEntity parent, ResourceTypeHandler<P> ph, ResourceId parentId, P before, P after,
                                 io.strato.server.identity.Caller caller) {
        parent.spec = Specs.write(after);
        Envelope.stampModified(parent, caller);
        if (after.equals(before)) return;
        Outcome o = ph.connect().update(parentId, after);
        if (o instanceof Outcome.Failed f) {
            throw new io.strato.model.ArmException(ArmErrorCode.valueOf(codeOrBadRequest(f.error().code())).status(), f.error());
        }
    }

    /** The response body of a child kept inside {@code parent}, or empty when the parent has no such child. */
    public <P> Optional<ObjectNode> renderEmbedded(ResourceEntity parent, EmbeddedChildHandler<P> ec, ResourceId id, ApiVersion v) {
        P spec = Specs.read(parent.spec, ec.parent().specClass());
        return ec.child().render(ec.parent().apiVersions().shapeFor(v), id, spec);
    }

    private <P> Response listEmbedded(ResourceId parentId, EmbeddedChildHandler<P> ec, ApiVersion v) {
        ResourceEntity parent = store.find(parentId.key()).orElseThrow(() -> notFound(parentId));
        P spec = Specs.read(parent.spec, ec.parent().specClass());
        com.fasterxml.jackson.databind.node.ArrayNode value = Json.STRICT.createArrayNode();
        for (String name : ec.child().names(spec)) {
            ResourceId child = ResourceId.resource(parentId.subscriptionId(), parentId.resourceGroup().orElseThrow(), ec.type(),
                    java.util.stream.Stream.concat(parentId.names().stream(), java.util.stream.Stream.of(name)).toArray(String[]::new));
            ec.child().render(ec.parent().apiVersions().shapeFor(v), child, spec).ifPresent(value::add);
        }
        ObjectNode page = Json.object();
        page.set("value", value);
        return Responses.ok(page);
    }

    @Transactional
    Response action(ArmRequest req, Target t, String actionName) { return actionTyped(req, t, t.handler(), actionName); }

    private <S> Response actionTyped(ArmRequest req, Target t, ResourceTypeHandler<S> h, String actionName) {
        ResourceId id = t.id();
        groups.require(id.subscriptionId(), id.resourceGroup().orElseThrow());
        ResourceAction<S> action = h.actions().stream().filter(a -> a.name().equalsIgnoreCase(actionName)).findFirst()
                .orElseThrow(() -> ArmErrorCode.InvalidResourceType.exception("The resource type '" + h.type().typePath() + "/" + actionName
                        + "' could not be found in the namespace '" + h.type().namespace() + "' for api version '" + req.apiVersionText() + "'."));
        ResourceEntity e = store.find(id.key()).orElseThrow(() -> notFound(id));
        locks.checkWrite(id);
        if (!"Succeeded".equals(e.provisioningState)) {
            throw ArmErrorCode.Conflict.exception("The resource '" + id.name() + "' is " + e.provisioningState + "; retry when it has Succeeded.");
        }
        JsonNode result = action.invoke(t.version(), id, Specs.read(e.spec, h.specClass()), req.json());
        if (action.answersNoContent()) return Response.noContent().build();
        return result == null || result.isMissingNode() ? Response.ok().build() : Responses.ok(result);
    }

    /**
     * A GET below a resource that a handler serves as a {@link io.strato.spi.ResourceView}
     * ({@code containerGroups/{g}/containers/{c}/logs}); empty when no handler's view matches the path.
     * {@code typeNames} alternate type and name from the first type after the namespace.
     */
    @Transactional
    public Optional<Response> view(ArmRequest req, String sub, String group, String namespace, List<String> typeNames) {
        for (int k = 2; k < typeNames.size(); k += 2) {
            String[] types = new String[k / 2];
            for (int i = 0; i < k; i += 2) types[i / 2] = typeNames.get(i);
            Optional<ResourceTypeHandler<?>> h = catalog.handler(ResourceType.of(namespace, types));
            if (h.isEmpty()) continue;
            Optional<Response> r = viewTyped(req, sub, group, namespace, typeNames.subList(0, k), typeNames.subList(k, typeNames.size()), h.get());
            if (r.isPresent()) return r;
        }
        return Optional.empty();
    }

    private <S> Optional<Response> viewTyped(ArmRequest req, String sub, String group, String namespace, List<String> resource,
                                             List<String> below, ResourceTypeHandler<S> h) {
        for (io.strato.spi.ResourceView<S> view : h.views()) {
            Optional<List<String>> values = view.match(below);
            if (values.isEmpty()) continue;
            Target t = resolve(req, sub, group, namespace, resource);
            ResourceId id = t.id();
            groups.require(id.subscriptionId(), id.resourceGroup().orElseThrow());
            ResourceEntity e = store.find(id.key()).orElseThrow(() -> notFound(id));
            return Optional.of(Responses.ok(view.read(t.version(), id, Specs.read(e.spec, h.specClass()), values.get(), req.query())));
        }
        return Optional.empty();
    }

    /**
     * A POST or DELETE below a resource that its handler serves as a {@link io.strato.spi.ResourceCommand}
     * ({@code virtualMachineScaleSets/{n}/virtualMachines/{id}/start}); empty when no handler's command matches.
     * The spec the command returns is stored and, when it changed, applied by the type's driver.
     */
    @Transactional
    public Optional<Response> command(ArmRequest req, String sub, String group, String namespace, List<String> typeNames) {
        for (int k = 2; k < typeNames.size(); k += 2) {
            String[] types = new String[k / 2];
            for (int i = 0; i < k; i += 2) types[i / 2] = typeNames.get(i);
            Optional<ResourceTypeHandler<?>> h = catalog.handler(ResourceType.of(namespace, types));
            if (h.isEmpty() || h.get().commands().isEmpty()) continue;
            Optional<Response> r = commandTyped(req, sub, group, namespace, typeNames.subList(0, k), typeNames.subList(k, typeNames.size()), h.get());
            if (r.isPresent()) return r;
        }
        return Optional.empty();
    }

    private <S> Optional<Response> commandTyped(ArmRequest req, String sub, String group, String namespace, List<String> resource,
                                                List<String> below, ResourceTypeHandler<S> h) {
        for (io.strato.spi.ResourceCommand<S> command : h.commands()) {
            if (!command.method().equalsIgnoreCase(req.method())) continue;
            Optional<List<String>> values = command.match(below);
            if (values.isEmpty()) continue;
            Target t = resolve(req, sub, group, namespace, resource);
            ResourceId id = t.id();
            groups.require(id.subscriptionId(), id.resourceGroup().orElseThrow());
            ResourceEntity e = store.findForUpdate(id.key()).orElseThrow(() -> notFound(id));
            S before = Specs.read(e.spec, h.specClass());
            io.strato.spi.ResourceCommand.Result<S> result = command.run(t.version(), id, before, values.get(), req.json());
            if (!result.spec().equals(before)) {
                e.spec = Specs.write(result.spec());
                Envelope.stampModified(e, req.caller());
                Outcome o = h.connect().update(id, result.spec());
                if (o instanceof Outcome.Failed f) throw new io.strato.model.ArmException(ArmErrorCode.valueOf(codeOrBadRequest(f.error().code())).status(), f.error());
            }
            JsonNode out = result.body();
            return Optional.of(out == null || out.isMissingNode() ? Response.ok().build() : Responses.ok(out));
        }
        return Optional.empty();
    }

    /** Lists the resources of one type in a group ({@code group} non-null) or a subscription, or the children of a parent. */
    @Transactional
    Response list(ArmRequest req, String sub, String group, ResourceType type, ResourceId parent) {
        ResourceTypeHandler<?> h = handlerFor(req, type);
        ApiVersion v = requireVersion(req, type, h);
        ResourceStore.Filter f = ResourceStore.Filter.subscription(sub.toLowerCase(Locale.ROOT)).withType(h.type().key());
        if (group != null) {
            groups.require(sub, group);
            f = f.withGroup(group.toLowerCase(Locale.ROOT));
        } else {
            subscriptions.require(sub);
        }
        if (parent != null && h instanceof EmbeddedChildHandler<?> ec) return listEmbedded(parent, ec, v);
        if (parent != null) {
            if (store.find(parent.key()).isEmpty()) throw notFound(parent);
            f = f.childrenOf(parent.key());
        }
        return Paging.list(store, settings, req, f, e -> render(e, h, v, false));
    }

    /** The full response body of a stored resource at an api-version. */
    public ObjectNode render(ResourceEntity e, ResourceTypeHandler<?> h, ApiVersion v, boolean observe) {
        return renderTyped(e, h, v, observe, null);
    }

    /** The response body of a single resource, honouring {@code $expand} ({@code expand} may be null). */
    public ObjectNode render(ResourceEntity e, ResourceTypeHandler<?> h, ApiVersion v, boolean observe, String expand) {
        return renderTyped(e, h, v, observe, expand);
    }

    private <S> ObjectNode renderTyped(ResourceEntity e, ResourceTypeHandler<S> h, ApiVersion v, boolean observe, String expand) {
        ResourceId id = ResourceId.parse(e.id);
        S spec = Specs.read(e.spec, h.specClass());
        Observation seen = observe ? h.connect().observe(id, spec) : Observation.notObserved();
        ObjectNode n = Json.object();
        n.put("id", e.id);
        n.put("name", id.name());
        if (h.hasType(v)) n.put("type", h.type().toString());
        if (e.location != null) n.put("location", e.location);
        n.set("tags", Envelope.tagsNode(e));
        ObjectNode typed = h.toResponse(h.apiVersions().shapeFor(v), id, spec, seen, expand);
        for (Iterator<Map.Entry<String, JsonNode>> it = typed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            n.set(f.getKey(), f.getValue());
        }
        if (n.get("properties") instanceof ObjectNode props) props.put("provisioningState", e.provisioningState);
        if (h.hasSystemData(v)) n.set("systemData", Envelope.systemData(e));
        return n;
    }
}
