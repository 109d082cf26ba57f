package io.strato.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.strato.model.ApiVersion;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.server.arm.Envelope;
import io.strato.server.arm.ProviderCatalog;
import io.strato.server.arm.ManagementLocks;
import io.strato.server.arm.Resources;
import io.strato.server.gateway.Json;
import io.strato.server.jobs.JobScheduler;
import io.strato.server.jobs.Operations;
import io.strato.server.jobs.Reconciler;
import io.strato.server.persistence.AsyncOperationEntity;
import io.strato.server.persistence.DeploymentEntity;
import io.strato.server.persistence.DeploymentOperationEntity;
import io.strato.server.persistence.ResourceEntity;
import io.strato.server.persistence.ResourceStore;
import io.strato.spi.ResourceTypeHandler;
import io.strato.template.PlannedResource;
import io.strato.template.PreparedDeployment;
import io.strato.template.diagnostic.TemplateException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs a deployment as durable steps. Each step re-prepares the plan from the stored template and parameters,
 * walks the waves, starts every resource of the first unfinished wave through {@link Resources#upsert} (the same
 * path as an HTTP PUT) and records one operation row per resource, so a server killed mid-way resumes from the
 * rows: a resource with a row is never sent twice.
 */
@ApplicationScoped
public class DeploymentRunner {
    private static final Logger LOG = Logger.getLogger(DeploymentRunner.class);
    static final Duration STEP = Duration.ofMillis(200);
    private static final Set<String> NOT_PUT = Set.of("name", "type", "apiversion", "dependson", "condition", "copy", "comments", "scope", "existing", "import");

    @Inject ManagementLocks locks;
    @Inject EntityManager em;
    @Inject JobScheduler jobs;
    @Inject Deployments deployments;
    @Inject Resources resources;
    @Inject io.strato.server.arm.ResourceGroups groups;
    @Inject ResourceStore store;
    @Inject ProviderCatalog catalog;
    @Inject Operations operations;
    @Inject Reconciler reconciler;
    @Inject StoreLookup lookup;
    @Inject io.strato.server.persistence.EncryptedSecretVault vault;

    /** Resources of a wave started on one thread, in transactions of at most {@link #BATCH_TIME}. */
    static final int CHUNK = 50;
    static final Duration BATCH_TIME = Duration.ofSeconds(2);
    /** Starts the chunks of a wave side by side; bounded so a large wave never takes every database connection. */
    private final java.util.concurrent.ExecutorService waves = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())),
            Thread.ofPlatform().daemon().name("deployment-wave-", 0).factory());

    @jakarta.annotation.PreDestroy
    void stopWaves() { waves.shutdownNow(); }

    public static boolean isActive(String state) { return "Accepted".equals(state) || "Running".equals(state); }

    /** Schedules the first step; joins the caller's transaction so the deployment row and its job commit together. */
    void start(DeploymentEntity d, UUID run) { jobs.scheduleDeploymentStep(d.idKey, Instant.now()); }

    @ActivateRequestContext
    public void step(String key) {
        DeploymentEntity d = QuarkusTransaction.requiringNew().call(() -> {
            DeploymentEntity e = em.find(DeploymentEntity.class, key);
            if (e != null && "Accepted".equals(e.provisioningState)) e.provisioningState = "Running";
            return e;
        });
        if (d == null || !isActive(d.provisioningState)) return;
        try {
            if (advance(d)) jobs.scheduleDeploymentStep(key, Instant.now().plus(STEP));
        } catch (ArmException e) {
            finish(key, "Failed", failure(List.of(e.error())));
        } catch (TemplateException e) {
            finish(key, "Failed", Deployments.invalidTemplate(e).error());
        } catch (RuntimeException e) {
            LOG.errorf(e, "deployment %s failed inside the appliance", d.id);
            finish(key, "Failed", new ArmError(ArmErrorCode.InternalServerError.name(), "The deployment failed inside the appliance; see the server log for " + d.id + ".", null));
        }
    }

    /** One pass over the plan; true when the deployment must be looked at again. */
    private boolean advance(DeploymentEntity d) {
        DeploymentScopeRef scope = scopeOf(d);
        PreparedDeployment plan = QuarkusTransaction.requiringNew().call(() ->
                deployments.prepare(Envelope.readJson(d.template), deployments.explicitParameters(d), scope, d.name));
        Map<String, DeploymentOperationEntity> ops = QuarkusTransaction.requiringNew().call(() -> deployments.operations(d)).stream()
                .collect(Collectors.toMap(o -> o.resourceId.toLowerCase(Locale.ROOT), o -> o, (a, b) -> b));
        int wave = 0;
        for (List<PlannedResource> resourcesOfWave : plan.waves()) {
            boolean running = false;
            List<ArmError> failed = new ArrayList<>();
            List<PlannedResource> unstarted = new ArrayList<>();
            List<DeploymentOperationEntity> seen = new ArrayList<>();
            for (PlannedResource r : resourcesOfWave) {
                if (r.existing()) continue;
                DeploymentOperationEntity op = ops.get(r.resourceId().toLowerCase(Locale.ROOT));
                if (op == null) unstarted.add(r);
                else seen.add("Running".equals(op.provisioningState) ? refresh(op) : op);
            }
            seen.addAll(beginAll(d, plan, unstarted, wave));
            for (DeploymentOperationEntity op : seen) {
                if ("Running".equals(op.provisioningState)) running = true;
                if ("Failed".equals(op.provisioningState)) failed.add(errorOf(op));
            }
            if (running) return true;
            if (!failed.isEmpty()) {
                finish(d.idKey, "Failed", failure(failed));
                return false;
            }
            wave++;
            // a cancel takes effect between waves: nothing of the next wave starts
            if (!QuarkusTransaction.requiringNew().call(() -> {
                DeploymentEntity now = em.find(DeploymentEntity.class, d.idKey);
                return now != null && isActive(now.provisioningState);
            })) return false;
        }
        if ("Complete".equals(d.mode)) removeUndeclared(d, plan);
        Map<String, JsonNode> outputs = QuarkusTransaction.requiringNew().call(() -> plan.outputs(lookup));
        QuarkusTransaction.requiringNew().run(() -> {
            DeploymentEntity e = em.find(DeploymentEntity.class, d.idKey);
            if (e == null || !isActive(e.provisioningState)) return;
            e.outputs = Json.write(outputs);
            ArrayNode ids = Json.STRICT.createArrayNode();
            plan.resources().stream().filter(r -> !r.existing()).forEach(r -> ids.addObject().put("id", r.resourceId()));
            e.outputResources = Json.write(ids);
            e.provisioningState = "Succeeded";
            e.endedAt = OffsetDateTime.now(ZoneOffset.UTC);
        });
        return false;
    }

    /**
     * Starts the resources of one wave together: in chunks of {@value #CHUNK}, each chunk on its own thread of
     * {@link #waves} and in one transaction that writes the resources and their operation rows at once (so a
     * crash leaves either both or neither). A chunk with a failing resource is rolled back and redone one resource
     * per transaction, so the failure is recorded against that resource alone. Nested deployments and resource
     * groups always take the one-by-one path.
     */
    private List<DeploymentOperationEntity> beginAll(DeploymentEntity d, PreparedDeployment plan, List<PlannedResource> wave, int index) {
        if (wave.isEmpty()) return List.of();
        List<List<PlannedResource>> chunks = new ArrayList<>();
        for (int i = 0; i < wave.size(); i += CHUNK) chunks.add(wave.subList(i, Math.min(wave.size(), i + CHUNK)));
        if (chunks.size() == 1) return beginChunk(d, plan, chunks.get(0), index);
        List<java.util.concurrent.Future<List<DeploymentOperationEntity>>> running = new ArrayList<>();
        for (List<PlannedResource> chunk : chunks) running.add(waves.submit(() -> beginChunk(d, plan, chunk, index)));
        List<DeploymentOperationEntity> out = new ArrayList<>();
        for (var f : running) {
            try {
                out.addAll(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting a wave", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e.getCause());
            }
        }
        return out;
    }

    private List<DeploymentOperationEntity> beginChunk(DeploymentEntity d, PreparedDeployment plan, List<PlannedResource> chunk, int wave) {
        boolean batchable = chunk.size() > 1 && chunk.stream().noneMatch(r ->
                r.type().equalsIgnoreCase("Microsoft.Resources/deployments") || r.type().equalsIgnoreCase(Deployments.GROUP_TYPE) || Deployments.isLock(r));
        List<DeploymentOperationEntity> ops = new ArrayList<>();
        int next = 0;
        while (batchable && next < chunk.size()) {
            int from = next;
            try {
                // one transaction takes resources until the chunk ends or BATCH_TIME has passed: drivers that work
                // inline (a VM's disk, a bridge) must not hold a transaction open for minutes
                List<DeploymentOperationEntity> done = QuarkusTransaction.requiringNew().call(() -> {
                    long deadline = System.nanoTime() + BATCH_TIME.toNanos();
                    List<DeploymentOperationEntity> batch = new ArrayList<>();
                    for (int i = from; i < chunk.size() && (batch.isEmpty() || System.nanoTime() < deadline); i++) {
                        PlannedResource r = chunk.get(i);
                        DeploymentOperationEntity op = newOperation(d, r, wave);
                        written(op, write(d, r, plan.render(r, lookup)));
                        op.endedAt = "Running".equals(op.provisioningState) ? null : OffsetDateTime.now(ZoneOffset.UTC);
                        em.persist(op);
                        batch.add(op);
                    }
                    return batch;
                });
                ops.addAll(done);
                next += done.size();
            } catch (RuntimeException e) {
                // one of the batch failed (or its transaction could not commit): it is rolled back as a whole; the rest
                // of the chunk goes one resource per transaction, so a refusal is recorded against its resource alone
                if (!(e instanceof ArmException) && !(e instanceof TemplateException)) {
                    LOG.debugf(e, "a batch of deployment %s was rolled back; starting its resources one by one", d.id);
                }
                break;
            }
        }
        for (int i = next; i < chunk.size(); i++) ops.add(begin(d, plan, chunk.get(i), wave));
        return ops;
    }

    private static DeploymentOperationEntity newOperation(DeploymentEntity d, PlannedResource r, int wave) {
        DeploymentOperationEntity op = new DeploymentOperationEntity();
        op.id = UUID.randomUUID();
        op.deploymentKey = d.idKey;
        op.wave = wave;
        op.resourceId = r.resourceId();
        op.resourceType = r.type();
        op.resourceName = r.name();
        op.startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        return op;
    }

    private static void written(DeploymentOperationEntity op, Resources.Written w) {
        op.asyncOperation = w.operation();
        op.provisioningState = w.operation() == null ? "Succeeded" : "Running";
        op.statusCode = w.operation() == null ? (w.created() ? "Created" : "OK") : null;
    }

    /** Renders one resource and sends it through the write path; records how it went. */
    private DeploymentOperationEntity begin(DeploymentEntity d, PreparedDeployment plan, PlannedResource r, int wave) {
        DeploymentOperationEntity op = newOperation(d, r, wave);
        try {
            JsonNode rendered = QuarkusTransaction.requiringNew().call(() -> plan.render(r, lookup));
            if (r.type().equalsIgnoreCase("Microsoft.Resources/deployments")) {
                QuarkusTransaction.requiringNew().run(() -> nested(d, r, rendered));
                op.provisioningState = "Running";
            } else {
                Resources.Written w = r.type().equalsIgnoreCase(Deployments.GROUP_TYPE)
                        ? QuarkusTransaction.requiringNew().call(() -> writeGroup(d, r, rendered))
                        : Deployments.isLock(r) ? QuarkusTransaction.requiringNew().call(() -> writeLock(r, rendered))
                        : QuarkusTransaction.requiringNew().call(() -> write(d, r, rendered));
                written(op, w);
            }
        } catch (ArmException e) {
            failed(op, e.error(), e.status());
        } catch (TemplateException e) {
            ArmException a = Deployments.invalidTemplate(e);
            failed(op, a.error(), 400);
        }
        if (!"Running".equals(op.provisioningState)) op.endedAt = OffsetDateTime.now(ZoneOffset.UTC);
        QuarkusTransaction.requiringNew().run(() -> em.persist(op));
        return op;
    }

    /** A resource group declared by a subscription-scope template goes through the groups' own write path. */
    private Resources.Written writeGroup(DeploymentEntity d, PlannedResource r, JsonNode rendered) {
        ResourceId id = ResourceId.parse(r.resourceId());
        var w = groups.upsert(id.subscriptionId(), id.name(), putBody(rendered), callerOf(d), null);
        return new Resources.Written(w.group(), w.created(), null, false);
    }

    /** A management lock declared by a template: the locks' own write path, on the scope its id names. */
    private Resources.Written writeLock(PlannedResource r, JsonNode rendered) {
        List<String> segments = List.of(r.resourceId().substring(1).split("/"));
        int at = ManagementLocks.lockPathStart(segments);
        ResourceId scope = ResourceId.parse("/" + String.join("/", segments.subList(0, at)));
        var w = locks.put(scope, segments.get(segments.size() - 1), putBody(rendered));
        return new Resources.Written(null, w.created(), null, false);
    }

    private static ObjectNode putBody(JsonNode rendered) {
        ObjectNode body = Json.object();
        rendered.fields().forEachRemaining(f -> {
            if (!NOT_PUT.contains(f.getKey().toLowerCase(Locale.ROOT))) body.set(f.getKey(), f.getValue());
        });
        return body;
    }

    private static io.strato.server.identity.Caller callerOf(DeploymentEntity d) {
        return d.createdBy == null ? null : new io.strato.server.identity.Caller(null, d.createdBy, null, d.createdByType, d.createdBy);
    }

    private <S> Resources.Written write(DeploymentEntity d, PlannedResource r, JsonNode rendered) {
        ResourceId id = ResourceId.parse(r.resourceId());
        locks.checkWrite(id);
        @SuppressWarnings("unchecked")
        ResourceTypeHandler<S> h = (ResourceTypeHandler<S>) catalog.handler(ResourceType.parse(r.type())).orElseThrow(() ->
                ArmErrorCode.NoRegisteredProviderFound.exception("No registered resource provider found for type '" + r.type() + "'.", r.resourceId()));
        return resources.upsert(id, h, ApiVersion.parse(r.apiVersion()), r.apiVersion(), putBody(rendered), callerOf(d), null, true);
    }

    /** A nested deployment is a deployment of its own, in its own scope, run by its own steps. */
    private void nested(DeploymentEntity parent, PlannedResource r, JsonNode rendered) {
        DeploymentScopeRef scope = nestedScope(parent, r.resourceId());
        ResourceId id = ResourceId.parse(r.resourceId());
        JsonNode props = rendered.path("properties");
        JsonNode template = props.path("template");
        JsonNode parameters = props.path("parameters");
        PreparedDeployment child = deployments.prepare(template, parameters, scope, id.name());
        deployments.preflight(child, id.name());
        DeploymentEntity old = em.find(DeploymentEntity.class, scope.deploymentKey(id.name()));
        if (old != null) em.remove(old);
        em.flush();
        DeploymentEntity c = new DeploymentEntity();
        c.idKey = scope.deploymentKey(id.name());
        c.id = scope.deploymentId(id.name());
        c.scopeKey = scope.scopeKey();
        c.name = id.name();
        c.mode = props.path("mode").asText("Incremental");
        c.provisioningState = "Accepted";
        c.template = Json.write(child.template());
        c.parameters = Json.write(child.parametersForResponse());
        c.templateHash = Deployments.hash(child.template());
        c.correlationId = parent.correlationId;
        c.apiVersion = r.apiVersion();
        c.parentKey = parent.idKey;
        c.createdBy = parent.createdBy;
        c.createdByType = parent.createdByType;
        c.startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        em.persist(c);
        // the vault is injected here: a field read through the Deployments client proxy is always null
        if (parameters.isObject()) vault.put(Deployments.secretsOwner(c), "parameters", Json.write(parameters));
        jobs.scheduleDeploymentStep(c.idKey, Instant.now());
    }

    private DeploymentOperationEntity refresh(DeploymentOperationEntity op) {
        return QuarkusTransaction.requiringNew().call(() -> {
            DeploymentOperationEntity o = em.find(DeploymentOperationEntity.class, op.id);
            if (o.resourceType.equalsIgnoreCase("Microsoft.Resources/deployments")) {
                ResourceId id = ResourceId.parse(o.resourceId);
                DeploymentScopeRef scope = nestedScope(em.find(DeploymentEntity.class, o.deploymentKey), o.resourceId);
                DeploymentEntity child = em.find(DeploymentEntity.class, scope.deploymentKey(id.name()));
                if (child == null) failed(o, new ArmError(ArmErrorCode.DeploymentNotFound.name(), "The nested deployment disappeared.", o.resourceId), 404);
                else if ("Succeeded".equals(child.provisioningState)) succeeded(o);
                else if (!isActive(child.provisioningState)) {
                    failed(o, child.error == null ? new ArmError("DeploymentFailed", "The nested deployment " + child.provisioningState + ".", o.resourceId)
                            : io.strato.server.arm.Specs.read(child.error, ArmError.class), 400);
                }
                return o;
            }
            AsyncOperationEntity a = o.asyncOperation == null ? null : operations.find(o.asyncOperation).orElse(null);
            if (a == null || Operations.SUCCEEDED.equals(a.status)) succeeded(o);
            else if (Operations.FAILED.equals(a.status)) failed(o, io.strato.server.arm.Specs.read(a.error, ArmError.class), 400);
            return o;
        });
    }

    private static void succeeded(DeploymentOperationEntity o) {
        o.provisioningState = "Succeeded";
        o.statusCode = "OK";
        o.endedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static void failed(DeploymentOperationEntity o, ArmError error, int status) {
        o.provisioningState = "Failed";
        o.statusCode = status == 404 ? "NotFound" : status == 409 ? "Conflict" : status >= 500 ? "InternalServerError" : "BadRequest";
        ObjectNode m = Json.object();
        m.put("status", "Failed");
        m.set("error", Json.STRICT.valueToTree(error));
        o.statusMessage = Json.write(m);
        o.endedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static ArmError errorOf(DeploymentOperationEntity o) {
        JsonNode e = Envelope.readJson(o.statusMessage).path("error");
        return new ArmError(e.path("code").asText(ArmErrorCode.ResourceDeploymentFailure.name()), e.path("message").asText(""), o.resourceId);
    }

    static ArmError failure(List<ArmError> details) {
        return new ArmError(ArmErrorCode.DeploymentFailed.name(), "At least one resource deployment operation failed. Please list deployment "
                + "operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.", null, details);
    }

    /** Complete mode: what the group holds and the template no longer declares goes. */
    private void removeUndeclared(DeploymentEntity d, PreparedDeployment plan) {
        DeploymentScopeRef scope = scopeOf(d);
        Set<String> declared = new HashSet<>();
        plan.resources().forEach(r -> declared.add(r.resourceId().toLowerCase(Locale.ROOT)));
        List<ResourceEntity> contents = QuarkusTransaction.requiringNew().call(() ->
                store.contentsOfGroup(scope.subscriptionId().toLowerCase(Locale.ROOT), scope.resourceGroup().toLowerCase(Locale.ROOT)));
        for (ResourceEntity e : contents) {
            if (declared.contains(e.idKey)) continue;
            if (e.typeKey.chars().filter(c -> c == '/').count() > 1) continue;   // a child goes with its parent
            if (declared.stream().anyMatch(k -> e.idKey.startsWith(k + "/"))) continue;
            QuarkusTransaction.requiringNew().run(() -> locks.checkDelete(ResourceId.parse(e.id)));   // Complete mode respects locks
            QuarkusTransaction.requiringNew().run(() -> store.find(e.idKey).ifPresent(reconciler::removeNow));
        }
    }

    private void finish(String key, String state, ArmError error) {
        QuarkusTransaction.requiringNew().run(() -> {
            DeploymentEntity e = em.find(DeploymentEntity.class, key);
            if (e == null || !isActive(e.provisioningState)) return;
            e.provisioningState = state;
            e.error = error == null ? null : Json.write(error);
            e.endedAt = OffsetDateTime.now(ZoneOffset.UTC);
            if ("Failed".equals(state) && e.parentKey == null && e.onError != null) rollBack(e);
        });
    }

    /**
     * {@code onErrorDeployment}: a failed deployment redeploys the last successful one of its scope
     * ({@code LastSuccessful}) or a named one ({@code SpecificDeployment}), with that deployment's template and
     * parameters, under that deployment's name, as Azure does.
     */
    private void rollBack(DeploymentEntity failed) {
        JsonNode onError = Envelope.readJson(failed.onError);
        String type = onError.path("type").asText("LastSuccessful");
        DeploymentEntity target;
        if (type.equalsIgnoreCase("SpecificDeployment")) {
            target = em.find(DeploymentEntity.class, scopeOf(failed).deploymentKey(onError.path("deploymentName").asText("")));
        } else {
            target = em.createQuery("select d from DeploymentEntity d where d.scopeKey = :s and d.parentKey is null and d.idKey <> :me "
                            + "and d.provisioningState = 'Succeeded' order by d.startedAt desc", DeploymentEntity.class)
                    .setParameter("s", failed.scopeKey).setParameter("me", failed.idKey).setMaxResults(1)
                    .getResultStream().findFirst().orElse(null);
        }
        if (target == null || !"Succeeded".equals(target.provisioningState) || target.idKey.equals(failed.idKey)) {
            LOG.warnf("deployment %s failed and asked for %s rollback, but there is no successful deployment to redeploy", failed.id, type);
            return;
        }
        LOG.infof("deployment %s failed: redeploying %s (%s)", failed.id, target.id, type);
        target.provisioningState = "Accepted";
        target.error = null;
        target.outputs = null;
        target.startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        target.endedAt = null;
        em.createQuery("delete from DeploymentOperationEntity o where o.deploymentKey = :k").setParameter("k", target.idKey).executeUpdate();
        jobs.scheduleDeploymentStep(target.idKey, Instant.now());
    }

    /** Where a nested deployment runs: the scope of its id; a tenant-level one stays in its parent's tenant. */
    static DeploymentScopeRef nestedScope(DeploymentEntity parent, String nestedId) {
        ResourceId id = ResourceId.parse(nestedId);
        if (id.atTenant()) return DeploymentScopeRef.tenant(scopeOf(parent).tenantId());
        return new DeploymentScopeRef(id.subscriptionId(), id.resourceGroup().orElse(null));
    }

    static DeploymentScopeRef scopeOf(DeploymentEntity d) { return DeploymentScopeRef.ofKey(d.idKey, d.id); }
}
