package io.strato.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.server.arm.BuiltInApis;
import io.strato.server.arm.Envelope;
import io.strato.server.arm.ProviderCatalog;
import io.strato.server.arm.Subscriptions;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Json;
import io.strato.server.gateway.Responses;
import io.strato.server.persistence.DeploymentEntity;
import io.strato.server.persistence.DeploymentOperationEntity;
import io.strato.server.persistence.EncryptedSecretVault;
import io.strato.server.persistence.ResourceStore;
import io.strato.template.DeploymentScope;
import io.strato.template.PlannedResource;
import io.strato.template.PreparedDeployment;
import io.strato.template.TemplateEngine;
import io.strato.template.diagnostic.Diagnostic;
import io.strato.template.diagnostic.TemplateException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Resources/deployments} at subscription and resource-group scope: PUT (201 + Azure-AsyncOperation),
 * validate, whatIf, get, list, delete, cancel, exportTemplate and the deployment operations. The template engine
 * turns the template into a plan; {@link DeploymentRunner} sends each planned resource through the same write path
 * as an HTTP PUT.
 */
@ApplicationScoped
public class Deployments {
    static final int HISTORY_LIMIT = 800, PRUNE_ABOVE = 700, PRUNE_TO = 600;
    private static final Pattern NAME = Pattern.compile("[-\\w._()]{1,64}", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String TYPE = "Microsoft.Resources/deployments";
    static final String GROUP_TYPE = "Microsoft.Resources/resourceGroups";

    @Inject io.strato.server.arm.ManagementLocks locks;
    @Inject EntityManager em;
    @Inject Subscriptions subscriptions;
    @Inject io.strato.server.arm.ResourceGroups groups;
    @Inject ApplianceSettings settings;
    @Inject ProviderCatalog catalog;
    @Inject EncryptedSecretVault vault;
    @Inject DeploymentRunner runner;
    @Inject WhatIf whatIf;
    @Inject ResourceStore store;

    /** Routes {@code .../providers/Microsoft.Resources/deployments[/{name}[/{action}...]]}; {@code rest} follows "deployments". */
    public Response route(ArmRequest req, DeploymentScopeRef scope, List<String> rest) {
        BuiltInApis.require(req, BuiltInApis.DEPLOYMENTS);
        if (!scope.atTenant()) subscriptions.require(scope.subscriptionId());
        if (scope.resourceGroup() != null) groups.require(scope.subscriptionId(), scope.resourceGroup());
        String m = req.method();
        if (rest.isEmpty()) {
            if (m.equals("GET")) return list(req, scope);
            throw ArmErrorCode.MethodNotAllowed.exception("The requested method '" + m + "' is not allowed on the deployments collection.");
        }
        String name = rest.get(0);
        if (rest.size() == 1) {
            return switch (m) {
                case "PUT" -> put(req, scope, name);
                case "GET" -> Responses.ok(render(require(scope, name), false));
                case "HEAD" -> Response.status(find(scope, name) == null ? 404 : 204).build();
                case "DELETE" -> delete(scope, name);
                default -> throw ArmErrorCode.MethodNotAllowed.exception("The requested method '" + m + "' is not allowed on a deployment.");
            };
        }
        String action = rest.get(1).toLowerCase(Locale.ROOT);
        if (m.equals("POST") && rest.size() == 2) {
            return switch (action) {
                case "validate" -> validate(req, scope, name);
                case "whatif" -> whatIf.run(req, scope, name, prepareFromBody(req, scope, name), body(req));
                case "cancel" -> cancel(scope, name);
                case "exporttemplate" -> exportTemplate(scope, name);
                default -> throw ArmErrorCode.InvalidRequestUri.exception("The deployment action '" + rest.get(1) + "' does not exist.");
            };
        }
        if (m.equals("GET") && action.equals("operations")) {
            DeploymentEntity d = require(scope, name);
            if (rest.size() == 2) return Responses.page(operations(d).stream().map(o -> renderOperation(d, o)).toList(), null);
            if (rest.size() == 3) {
                return operations(d).stream().filter(o -> o.id.toString().equalsIgnoreCase(rest.get(2))).findFirst()
                        .map(o -> Responses.ok(renderOperation(d, o)))
                        .orElseThrow(() -> ArmErrorCode.OperationNotFound.exception("The operation '" + rest.get(2) + "' could not be found."));
            }
        }
        if (m.equals("GET") && action.equals("operationstatuses") && rest.size() == 3) return status(require(scope, name));
        throw ArmErrorCode.InvalidRequestUri.exception("The request URI is not a valid deployments route.");
    }

    // --- PUT ---

    @Transactional
    Response put(ArmRequest req, DeploymentScopeRef scope, String name) {
        validateName(name);
        DeploymentEntity existing = find(scope, name);
        if (existing != null && DeploymentRunner.isActive(existing.provisioningState)) {
            throw ArmErrorCode.DeploymentActive.exception("Unable to edit or replace deployment '" + name + "': previous deployment from '"
                    + DateTimeFormatter.ISO_INSTANT.format(existing.startedAt) + "' is still active.");
        }
        if (!scope.atTenant()) locks.checkWrite(ResourceId.parse(scope.deploymentId(name)));
        JsonNode body = body(req);
        Prepared p = prepareFromBody(req, scope, name);
        preflight(p.prepared(), name);
        if (existing != null) {
            vault.deleteAll(Deployments.secretsOwner(existing));
            em.remove(existing);
            em.flush();
        }
        DeploymentEntity d = new DeploymentEntity();
        d.idKey = scope.deploymentKey(name);
        d.id = scope.deploymentId(name);
        d.scopeKey = scope.scopeKey();
        d.name = name;
        d.mode = p.mode();
        d.provisioningState = "Accepted";
        d.template = Json.write(p.prepared().template());
        d.parameters = Json.write(p.prepared().parametersForResponse());
        d.templateHash = hash(p.prepared().template());
        d.correlationId = req.header("x-ms-correlation-request-id").orElse(UUID.randomUUID().toString());
        d.apiVersion = req.apiVersionText();
        d.onError = body.path("properties").has("onErrorDeployment") ? Json.write(body.path("properties").get("onErrorDeployment")) : null;
        d.createdBy = req.caller() == null ? null : req.caller().displayName();
        d.createdByType = req.caller() == null ? null : req.caller().principalType();
        d.startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        em.persist(d);
        storeSecureParameters(d, body);
        prune(scope);
        UUID run = UUID.randomUUID();
        runner.start(d, run);
        return Response.fromResponse(Responses.json(201, render(d, false)))
                .header("Azure-AsyncOperation", settings.baseUrl() + d.id + "/operationStatuses/" + run + "?api-version=" + req.apiVersionText())
                .header("Retry-After", Responses.RETRY_AFTER).build();
    }

    /** The explicit parameters of a PUT body, and the secure ones among them kept encrypted for the runner. */
    private void storeSecureParameters(DeploymentEntity d, JsonNode body) {
        JsonNode given = body.path("properties").path("parameters");
        if (given.isObject()) vault.put(Deployments.secretsOwner(d), "parameters", Json.write(given));
    }

    JsonNode explicitParameters(DeploymentEntity d) {
        String stored = vault.get(Deployments.secretsOwner(d)).get("parameters");
        return stored == null ? Json.object() : Envelope.readJson(stored);
    }

    record Prepared(PreparedDeployment prepared, String mode) {}

    Prepared prepareFromBody(ArmRequest req, DeploymentScopeRef scope, String name) {
        validateName(name);
        JsonNode props = body(req).path("properties");
        if (!props.isObject()) throw ArmErrorCode.InvalidRequestContent.exception("The request content must carry 'properties'.", "properties");
        if (props.has("templateLink")) {
            throw ArmErrorCode.LinkedTemplateNotSupported.exception("The appliance cannot fetch linked templates: send the template inline in 'properties.template'.", "properties.templateLink");
        }
        if (props.has("parametersLink")) {
            throw ArmErrorCode.LinkedTemplateNotSupported.exception("The appliance cannot fetch linked parameter files: send 'properties.parameters' inline.", "properties.parametersLink");
        }
        JsonNode template = props.get("template");
        if (template == null || !template.isObject()) {
            throw ArmErrorCode.InvalidRequestContent.exception("The request content must carry the template in 'properties.template'.", "properties.template");
        }
        String mode = props.path("mode").asText("");
        if (!mode.equalsIgnoreCase("Incremental") && !mode.equalsIgnoreCase("Complete")) {
            throw ArmErrorCode.InvalidDeploymentMode.exception("The deployment mode '" + mode + "' is not supported. Supported modes are 'Incremental' and 'Complete'.", "properties.mode");
        }
        mode = mode.substring(0, 1).toUpperCase(Locale.ROOT) + mode.substring(1).toLowerCase(Locale.ROOT);
        if (mode.equals("Complete") && scope.resourceGroup() == null) {
            throw ArmErrorCode.InvalidDeploymentMode.exception("The 'Complete' mode is only supported for deployments to a resource group.", "properties.mode");
        }
        return new Prepared(prepare(template, props.path("parameters"), scope, name), mode);
    }

    PreparedDeployment prepare(JsonNode template, JsonNode parameters, DeploymentScopeRef scope, String name) {
        PreparedDeployment p;
        try {
            p = TemplateEngine.prepare(template, parameters.isObject() ? parameters : Json.object(), engineScope(scope, name));
        } catch (TemplateException e) {
            throw invalidTemplate(e);
        }
        // a name that evaluates to '' (or a segment of it) gives no resource id: refused as ARM refuses it, not a 500 later
        for (PlannedResource r : p.resources()) {
            String id = r.resourceId() == null ? "" : r.resourceId();
            if (r.name() == null || r.name().isBlank() || id.endsWith("/") || id.contains("//")) {
                throw new ArmException(400, new ArmError(ArmErrorCode.InvalidTemplate.name(), "Deployment template validation failed: 'The template resource '"
                        + r.name() + "' at '" + r.path() + "' is not valid: The name property cannot be null or empty.'.", r.path()));
            }
        }
        return p;
    }

    DeploymentScope engineScope(DeploymentScopeRef scope, String name) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (scope.resourceGroup() != null) {
            groups.find(scope.subscriptionId(), scope.resourceGroup()).ifPresent(g ->
                    Envelope.tagsNode(g).fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText())));
        }
        return new DeploymentScope(scope.atTenant() ? scope.tenantId() : settings.tenantId(), scope.subscriptionId(), scope.resourceGroup(), settings.location(), tags, name, environment());
    }

    /** What {@code environment()} answers: this appliance's endpoints, in Azure's shape. */
    JsonNode environment() {
        ObjectNode env = io.strato.server.gateway.MetadataEndpoint.cloud(settings);
        for (String unused : List.of("batch", "media", "sqlManagement", "vmImageAliasDoc")) env.put(unused, "");
        // environment().suffixes names the key vault suffix with a leading dot and in this casing
        ObjectNode suffixes = (ObjectNode) env.get("suffixes");
        suffixes.put("keyvaultDns", "." + suffixes.remove("keyVaultDns").asText());
        return env;
    }

    /** A management lock (on its own scope, or in the older nested form {@code .../providers/locks}). */
    static boolean isLock(PlannedResource r) {
        return io.strato.server.arm.ManagementLocks.lockPathStart(List.of(r.resourceId().substring(1).split("/"))) >= 0;
    }

    /** Every planned resource must be a type this appliance serves, at a published api-version: nothing starts otherwise. */
    void preflight(PreparedDeployment p, String name) {
        List<ArmError> details = new ArrayList<>();
        for (PlannedResource r : p.resources()) {
            if (r.existing()) continue;
            if (r.type().equalsIgnoreCase(TYPE)) {
                managementGroupOf(r.resourceId()).ifPresentOrElse(
                        mg -> details.add(managementGroupNotFound(mg, r.resourceId()).error()), () -> nestedTypes(p, r, details));
                continue;
            }
            if (r.type().equalsIgnoreCase(GROUP_TYPE)) {
                String location = plainLocation(p, r);
                if (location != null && !Envelope.normalizeLocation(location).equals(settings.location())) {
                    details.add(new ArmError(ArmErrorCode.LocationNotAvailableForResourceGroup.name(), "The provided location '" + location
                            + "' is not available for resource group. List of available regions is '" + settings.location() + "'.", r.resourceId()));
                }
                if (!BuiltInApis.RESOURCES.isPublished(io.strato.model.ApiVersion.isWellFormed(r.apiVersion())
                        ? io.strato.model.ApiVersion.parse(r.apiVersion()) : io.strato.model.ApiVersion.parse("1900-01-01"))) {
                    details.add(new ArmError(ArmErrorCode.NoRegisteredProviderFound.name(), "No registered resource provider found for location '"
                            + settings.location() + "' and API version '" + r.apiVersion() + "' for type '" + r.type() + "'. The supported api-versions are '"
                            + BuiltInApis.RESOURCES.describe() + "'.", r.resourceId()));
                }
                continue;
            }
            if (isLock(r)) {
                if (!io.strato.model.ApiVersion.isWellFormed(r.apiVersion())
                        || !io.strato.server.arm.ManagementLocks.APIS.isPublished(io.strato.model.ApiVersion.parse(r.apiVersion()))) {
                    details.add(new ArmError(ArmErrorCode.NoRegisteredProviderFound.name(), "No registered resource provider found for location '"
                            + settings.location() + "' and API version '" + r.apiVersion() + "' for type '" + r.type() + "'. The supported api-versions are '"
                            + io.strato.server.arm.ManagementLocks.APIS.describe() + "'.", r.resourceId()));
                }
                continue;
            }
            ResourceType type = ResourceType.parse(r.type());
            var handler = catalog.handler(type);
            boolean ok = handler.isPresent() && io.strato.model.ApiVersion.isWellFormed(r.apiVersion())
                    && handler.get().apiVersions().isPublished(io.strato.model.ApiVersion.parse(r.apiVersion()));
            if (!ok) {
                details.add(new ArmError(ArmErrorCode.NoRegisteredProviderFound.name(), "No registered resource provider found for location '"
                        + settings.location() + "' and API version '" + r.apiVersion() + "' for type '" + r.type() + "'."
                        + handler.map(h -> " The supported api-versions are '" + h.apiVersions().describe() + "'.").orElse(""), r.resourceId()));
            } else if (handler.get().hasLocation()) {
                // as ARM's preflight does: a location the type is not offered in fails validation, before anything is created
                String location = plainLocation(p, r);
                List<String> offered = handler.get().locations().isEmpty() ? List.of(settings.location()) : handler.get().locations();
                if (location != null && !offered.contains(Envelope.normalizeLocation(location))) {
                    details.add(new ArmError(ArmErrorCode.LocationNotAvailableForResourceType.name(), "The provided location '" + location
                            + "' is not available for resource type '" + r.type() + "'. List of available regions for the resource type is '"
                            + String.join(",", offered) + "'.", r.resourceId()));
                }
            }
        }
        if (!details.isEmpty()) {
            throw new ArmException(400, new ArmError(ArmErrorCode.InvalidTemplateDeployment.name(), "The template deployment '" + name
                    + "' is not valid according to the validation procedure. See inner errors for details.", null, details));
        }
    }

    /** The resource's location when it can be known before execution (no reference()/list*() in the way), else null. */
    /**
     * The resources an inline nested template declares, checked as the parent's own: a nested deployment of a
     * type the appliance does not serve fails validation of the whole deployment, before anything starts.
     */
    private void nestedTypes(PreparedDeployment p, PlannedResource nested, List<ArmError> details) {
        JsonNode rendered;
        try {
            rendered = p.render(nested, NO_RUNTIME);
        } catch (RuntimeException e) {
            return; // depends on run-time values: the nested deployment's own validation will judge it
        }
        JsonNode resources = rendered.path("properties").path("template").path("resources");
        Iterable<JsonNode> declared = resources.isArray() ? resources::elements : resources.isObject() ? resources::elements : java.util.List.<JsonNode>of();
        for (JsonNode res : declared) {
            String type = res.path("type").asText("");
            if (type.isEmpty() || type.startsWith("[") || res.path("existing").asBoolean(false)) continue;
            if (type.equalsIgnoreCase(TYPE) || type.equalsIgnoreCase(GROUP_TYPE) || !type.contains("/")) continue;
            if (type.equalsIgnoreCase(io.strato.server.arm.ManagementLocks.TYPE) || type.toLowerCase(Locale.ROOT).endsWith("/providers/locks")) continue;
            if (catalog.handler(ResourceType.parse(type)).isEmpty()) {
                details.add(new ArmError(ArmErrorCode.NoRegisteredProviderFound.name(), "No registered resource provider found for location '"
                        + settings.location() + "' and API version '" + res.path("apiVersion").asText("") + "' for type '" + type + "'.", nested.resourceId()));
            }
        }
    }

    private static String plainLocation(PreparedDeployment p, PlannedResource r) {
        try {
            JsonNode location = p.render(r, NO_RUNTIME).get("location");
            return location != null && location.isTextual() && !location.asText().isBlank() ? location.asText() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static final io.strato.template.RuntimeLookup NO_RUNTIME = new io.strato.template.RuntimeLookup() {
        @Override public JsonNode reference(String resourceId, String apiVersion, boolean full) { throw new IllegalStateException("runtime value"); }

        @Override public JsonNode list(String action, String resourceId, String apiVersion, JsonNode body) { throw new IllegalStateException("runtime value"); }
    };

    private static final String MANAGEMENT_GROUPS = "/providers/microsoft.management/managementgroups/";

    /** The management group an id lies in ({@code /providers/Microsoft.Management/managementGroups/{mg}/...}), if any. */
    static java.util.Optional<String> managementGroupOf(String id) {
        if (id == null || !id.toLowerCase(Locale.ROOT).startsWith(MANAGEMENT_GROUPS)) return java.util.Optional.empty();
        String rest = id.substring(MANAGEMENT_GROUPS.length());
        int slash = rest.indexOf('/');
        return java.util.Optional.of(slash < 0 ? rest : rest.substring(0, slash));
    }

    /** The appliance has no management groups (as Azure Stack Hub): every one named is one Azure would not find. */
    public static ArmException managementGroupNotFound(String managementGroup, String target) {
        return ArmErrorCode.ManagementGroupNotFound.exception("The management group '" + managementGroup + "' cannot be found.", target);
    }

    /** The owner of a deployment's secrets in the vault. */
    static io.strato.model.ResourceId secretsOwner(DeploymentEntity d) {
        return DeploymentScopeRef.ofKey(d.idKey, d.id).secretsOwner(d.name);
    }

    static ArmException invalidTemplate(TemplateException e) {
        List<ArmError> details = e.diagnostics().stream()
                .map(d -> new ArmError(d.code().name(), d.message(), d.jsonPath())).toList();
        Diagnostic first = e.first();
        return new ArmException(400, new ArmError(first.code().name(), first.message(), first.jsonPath(), details.size() > 1 ? details : List.of()));
    }

    // --- validate ---

    @Transactional
    Response validate(ArmRequest req, DeploymentScopeRef scope, String name) {
        Prepared p;
        try {
            p = prepareFromBody(req, scope, name);
            preflight(p.prepared(), name);
        } catch (ArmException e) {
            ObjectNode failed = Json.object();
            failed.set("error", Json.STRICT.valueToTree(e.error()));
            return Responses.json(400, failed);
        }
        ObjectNode n = Json.object();
        n.put("id", scope.deploymentId(name));
        n.put("name", name);
        n.put("type", TYPE);
        ObjectNode props = n.putObject("properties");
        props.put("templateHash", hash(p.prepared().template()));
        props.set("parameters", Json.STRICT.valueToTree(p.prepared().parametersForResponse()));
        props.put("mode", p.mode());
        props.put("provisioningState", "Succeeded");
        props.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(OffsetDateTime.now(ZoneOffset.UTC)));
        props.put("duration", "PT0S");
        props.put("correlationId", req.header("x-ms-correlation-request-id").orElse(UUID.randomUUID().toString()));
        props.set("providers", providers(p.prepared()));
        props.set("dependencies", dependencies(p.prepared()));
        ArrayNode validated = props.putArray("validatedResources");
        p.prepared().resources().forEach(r -> validated.addObject().put("id", r.resourceId()));
        return Responses.ok(n);
    }

    // --- read, list, delete, cancel, export ---

    DeploymentEntity find(DeploymentScopeRef scope, String name) { return em.find(DeploymentEntity.class, scope.deploymentKey(name)); }

    DeploymentEntity require(DeploymentScopeRef scope, String name) {
        DeploymentEntity d = find(scope, name);
        if (d == null) throw ArmErrorCode.DeploymentNotFound.exception("Deployment '" + name + "' could not be found.");
        return d;
    }

    @Transactional
    Response list(ArmRequest req, DeploymentScopeRef scope) {
        // nested deployments are deployments of their scope too: Azure lists them with the others
        List<DeploymentEntity> all = em.createQuery("select d from DeploymentEntity d where d.scopeKey = :s order by d.startedAt desc", DeploymentEntity.class)
                .setParameter("s", scope.scopeKey()).getResultList();
        String filter = req.queryParam("$filter").orElse("");
        java.util.regex.Matcher m = Pattern.compile("provisioningState\\s+eq\\s+'([^']*)'", Pattern.CASE_INSENSITIVE).matcher(filter);
        if (!filter.isBlank() && !m.matches()) {
            throw ArmErrorCode.InvalidRequestParameter.exception("The $filter '" + filter + "' is not supported; use provisioningState eq '...'.", "$filter");
        }
        String state = filter.isBlank() ? null : m.group(1);
        int top = io.strato.server.arm.Paging.pageSize(req, HISTORY_LIMIT);
        return Responses.page(all.stream().filter(d -> state == null || d.provisioningState.equalsIgnoreCase(state)).limit(top)
                .map(d -> (JsonNode) render(d, false)).toList(), null);
    }

    @Transactional
    Response delete(DeploymentScopeRef scope, String name) {
        DeploymentEntity d = find(scope, name);
        if (d == null) return Response.noContent().build();
        if (DeploymentRunner.isActive(d.provisioningState)) {
            throw ArmErrorCode.DeploymentActive.exception("The deployment '" + name + "' is still running; cancel it first.");
        }
        if (!scope.atTenant()) locks.checkDelete(ResourceId.parse(d.id));
        vault.deleteAll(Deployments.secretsOwner(d));
        em.remove(d);
        return Response.noContent().build();   // done at once: the final answer of Deployments_Delete (202 is for a delete still running)
    }

    @Transactional
    Response cancel(DeploymentScopeRef scope, String name) {
        DeploymentEntity d = require(scope, name);
        if (!DeploymentRunner.isActive(d.provisioningState)) {
            throw ArmErrorCode.DeploymentCannotBeCancelled.exception("The deployment '" + name + "' cannot be cancelled: it is already " + d.provisioningState + ".");
        }
        d.provisioningState = "Canceled";
        d.endedAt = OffsetDateTime.now(ZoneOffset.UTC);
        return Response.noContent().build();
    }

    @Transactional
    Response exportTemplate(DeploymentScopeRef scope, String name) {
        DeploymentEntity d = require(scope, name);
        ObjectNode n = Json.object();
        n.set("template", Envelope.readJson(d.template));
        return Responses.ok(n);
    }

    @Transactional
    Response status(DeploymentEntity d) {
        ObjectNode n = Json.object();
        String state = d.provisioningState;
        n.put("status", DeploymentRunner.isActive(state) ? "Running" : state);
        if (d.error != null) n.set("error", Envelope.readJson(d.error));
        Response r = Responses.ok(n);
        return DeploymentRunner.isActive(state) ? Response.fromResponse(r).header("Retry-After", Responses.RETRY_AFTER).build() : r;
    }

    List<DeploymentOperationEntity> operations(DeploymentEntity d) {
        return em.createQuery("select o from DeploymentOperationEntity o where o.deploymentKey = :k order by o.wave, o.startedAt", DeploymentOperationEntity.class)
                .setParameter("k", d.idKey).getResultList();
    }

    /** Keeps the history of a scope within Azure's limit: above 700 entries the oldest finished ones go, down to 600. */
    void prune(DeploymentScopeRef scope) {
        List<DeploymentEntity> all = em.createQuery("select d from DeploymentEntity d where d.scopeKey = :s order by d.startedAt", DeploymentEntity.class)
                .setParameter("s", scope.scopeKey()).getResultList();
        if (all.size() <= PRUNE_ABOVE) return;
        int excess = all.size() - PRUNE_TO;
        for (DeploymentEntity d : all) {
            if (excess <= 0) break;
            if (DeploymentRunner.isActive(d.provisioningState)) continue;
            vault.deleteAll(Deployments.secretsOwner(d));
            em.remove(d);
            excess--;
        }
    }

    // --- rendering ---

    ObjectNode render(DeploymentEntity d, boolean withValidated) {
        ObjectNode n = Json.object();
        n.put("id", d.id);
        n.put("name", d.name);
        n.put("type", TYPE);
        if (!d.scopeKey.contains("/resourcegroups/")) n.put("location", settings.location());
        ObjectNode props = n.putObject("properties");
        props.put("templateHash", d.templateHash);
        props.set("parameters", Envelope.readJson(d.parameters));
        props.put("mode", d.mode);
        props.put("provisioningState", d.provisioningState);
        OffsetDateTime end = d.endedAt == null ? OffsetDateTime.now(ZoneOffset.UTC) : d.endedAt;
        props.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(end));
        props.put("duration", Duration.between(d.startedAt, end).toString());
        props.put("correlationId", d.correlationId);
        if (d.outputs != null) props.set("outputs", Envelope.readJson(d.outputs));
        ArrayNode outputResources = props.putArray("outputResources");
        if (d.outputResources != null) Envelope.readJson(d.outputResources).forEach(outputResources::add);
        if (d.error != null) props.set("error", Envelope.readJson(d.error));
        if (d.onError != null) props.set("onErrorDeployment", Envelope.readJson(d.onError));
        return n;
    }

    private ObjectNode renderOperation(DeploymentEntity d, DeploymentOperationEntity o) {
        ObjectNode n = Json.object();
        n.put("id", d.id + "/operations/" + o.id);
        n.put("operationId", o.id.toString());
        ObjectNode p = n.putObject("properties");
        p.put("provisioningOperation", "Create");
        p.put("provisioningState", o.provisioningState);
        OffsetDateTime end = o.endedAt == null ? OffsetDateTime.now(ZoneOffset.UTC) : o.endedAt;
        p.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(end));
        p.put("duration", Duration.between(o.startedAt, end).toString());
        p.put("trackingId", o.id.toString());
        if (o.statusCode != null) p.put("statusCode", o.statusCode);
        if (o.statusMessage != null) p.set("statusMessage", Envelope.readJson(o.statusMessage));
        ObjectNode target = p.putObject("targetResource");
        target.put("id", o.resourceId);
        target.put("resourceType", o.resourceType);
        target.put("resourceName", o.resourceName);
        return n;
    }

    static ArrayNode providers(PreparedDeployment p) {
        Map<String, Map<String, Boolean>> byNamespace = new LinkedHashMap<>();
        for (PlannedResource r : p.resources()) {
            String[] parts = r.type().split("/", 2);
            byNamespace.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).put(parts.length > 1 ? parts[1] : "", true);
        }
        ArrayNode out = Json.STRICT.createArrayNode();
        byNamespace.forEach((ns, types) -> {
            ObjectNode pn = out.addObject();
            pn.put("namespace", ns);
            ArrayNode rt = pn.putArray("resourceTypes");
            types.keySet().forEach(t -> rt.addObject().put("resourceType", t).putArray("locations"));
        });
        return out;
    }

    static ArrayNode dependencies(PreparedDeployment p) {
        Map<String, PlannedResource> byId = new LinkedHashMap<>();
        p.resources().forEach(r -> byId.put(r.resourceId().toLowerCase(Locale.ROOT), r));
        ArrayNode out = Json.STRICT.createArrayNode();
        for (PlannedResource r : p.resources()) {
            if (r.dependsOn().isEmpty()) continue;
            ObjectNode dep = out.addObject();
            ArrayNode on = dep.putArray("dependsOn");
            for (String id : r.dependsOn()) {
                PlannedResource target = byId.get(id.toLowerCase(Locale.ROOT));
                ObjectNode o = on.addObject().put("id", id);
                if (target != null) o.put("resourceType", target.type()).put("resourceName", target.name());
            }
            dep.put("id", r.resourceId());
            dep.put("resourceType", r.type());
            dep.put("resourceName", r.name());
        }
        return out;
    }

    static String hash(JsonNode template) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Json.write(template).getBytes(StandardCharsets.UTF_8));
            return Long.toUnsignedString(java.nio.ByteBuffer.wrap(d).getLong());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode body(ArmRequest req) { return req.json(); }

    private static void validateName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ArmErrorCode.InvalidDeploymentName.exception("The deployment name '" + name
                    + "' is invalid. It can only contain letters, digits, '-', '.', '(', ')' or '_' and must be 1 to 64 characters long.", "name");
        }
    }
}
