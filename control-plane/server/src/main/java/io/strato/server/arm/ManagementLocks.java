package io.strato.server.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Responses;
import io.strato.server.persistence.ManagementLockEntity;
import io.strato.server.persistence.ResourceStore;
import io.strato.server.gateway.Json;
import io.strato.spi.ApiVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Management locks ({@code Microsoft.Authorization/locks}): {@code CanNotDelete} or {@code ReadOnly} on a
 * subscription, a resource group or a resource, served at {@code {scope}/providers/Microsoft.Authorization/locks}
 * and enforced, as ARM enforces them, on the control plane only: a delete at, above or below a locked scope and a
 * write or action at or below a {@code ReadOnly} scope answer {@code 409 ScopeLocked}. Data-plane requests (Blob) are
 * not control-plane operations and pass, as on Azure.
 */
@ApplicationScoped
public class ManagementLocks {
    public static final String TYPE = "Microsoft.Authorization/locks";
    public static final String NAMESPACE = "Microsoft.Authorization";
    /** The api-versions of Microsoft.Authorization/locks Azure publishes (az sends 2016-09-01). */
    public static final ApiVersions APIS = ApiVersions.of(List.of("2015-01-01", "2016-09-01", "2017-04-01", "2020-05-01"),
            List.of("2015-01-01", "2016-09-01"));
    private static final Map<String, String> LEVELS = Map.of("cannotdelete", "CanNotDelete", "readonly", "ReadOnly");
    private static final Pattern BAD_NAME = Pattern.compile("[<>%&:\\\\?/\\p{Cntrl}]");
    private static final int MAX_NAME = 90;
    private static final int MAX_NOTES = 512;

    @Inject EntityManager em;
    @Inject ResourceStore store;
    @Inject Subscriptions subscriptions;

    /** Where the lock path starts in {@code segments}: the index of its {@code providers} segment, or -1. */
    public static int lockPathStart(List<String> s) {
        for (int i = 0; i + 2 < s.size(); i++) {
            if (s.get(i).equalsIgnoreCase("providers") && s.get(i + 1).equalsIgnoreCase(NAMESPACE) && s.get(i + 2).equalsIgnoreCase("locks")) {
                return i;
            }
        }
        return -1;
    }

    /** {@code {scope}/providers/Microsoft.Authorization/locks[/{name}]}: list, or PUT/GET/DELETE one lock. */
    @Transactional
    public Response route(ArmRequest req, List<String> segments, int at) {
        BuiltInApis.require(req, APIS);
        if (at == 0) throw ArmErrorCode.InvalidRequestUri.exception("Management locks apply to a subscription, a resource group or a resource.");
        ResourceId scope = scopeOf(segments.subList(0, at));
        List<String> rest = segments.subList(at + 3, segments.size());
        if (rest.isEmpty()) {
            if (!req.method().equals("GET")) {
                throw ArmErrorCode.MethodNotAllowed.exception("The requested method '" + req.method() + "' is not allowed on a collection.");
            }
            requireScope(scope);
            boolean atScope = req.queryParam("$filter").map(f -> f.replace(" ", "").equalsIgnoreCase("atScope()")).orElse(false);
            return Responses.page(list(scope, atScope).stream().map(ManagementLocks::render).toList(), null);
        }
        if (rest.size() != 1) throw ArmErrorCode.InvalidRequestUri.exception("The request URI '/" + String.join("/", segments) + "' is not a valid ARM route.");
        String name = rest.get(0);
        String id = scope + "/providers/" + TYPE + "/" + name;
        return switch (req.method()) {
            case "PUT" -> {
                requireScope(scope);
                Written w = put(scope, name, req.json());
                yield Responses.json(w.created() ? 201 : 200, render(w.lock()));
            }
            case "GET" -> {
                requireScope(scope);
                yield Responses.ok(render(find(id).orElseThrow(() -> notFound(name))));
            }
            case "DELETE" -> {
                Optional<ManagementLockEntity> e = find(id);
                e.ifPresent(em::remove);
                yield e.isPresent() ? Response.ok().build() : Response.noContent().build();
            }
            default -> throw ArmErrorCode.MethodNotAllowed.exception("The requested method '" + req.method() + "' is not allowed on this resource.");
        };
    }

    public record Written(ManagementLockEntity lock, boolean created) {}

    /** Creates or replaces the lock {@code name} on {@code scope} from a PUT body (HTTP and deployments alike). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Written put(ResourceId scope, String name, JsonNode body) {
        if (name.length() > MAX_NAME || BAD_NAME.matcher(name).find() || name.isBlank()) {
            throw ArmErrorCode.InvalidResourceName.exception("The lock name '" + name + "' is invalid: it has at most " + MAX_NAME
                    + " characters, none of them <, >, %, &, :, \\, ?, / or a control character.", "name");
        }
        if (!body.isObject()) throw ArmErrorCode.InvalidRequestContent.exception("The request content must be a JSON object.");
        JsonNode props = body.path("properties");
        String level = LEVELS.get(props.path("level").asText("").toLowerCase(Locale.ROOT));
        if (level == null) {
            throw ArmErrorCode.InvalidRequestContent.exception("The lock level '" + props.path("level").asText("")
                    + "' is invalid. The level of a lock is 'CanNotDelete' or 'ReadOnly'.", "properties.level");
        }
        JsonNode notes = props.path("notes");
        if (!notes.isMissingNode() && !notes.isNull() && (!notes.isTextual() || notes.asText().length() > MAX_NOTES)) {
            throw ArmErrorCode.InvalidRequestContent.exception("The notes of a lock are a string of at most " + MAX_NOTES + " characters.", "properties.notes");
        }
        JsonNode owners = props.path("owners");
        if (!owners.isMissingNode() && !owners.isNull() && !owners.isArray()) {
            throw ArmErrorCode.InvalidRequestContent.exception("The owners of a lock are an array of {applicationId}.", "properties.owners");
        }
        String id = scope + "/providers/" + TYPE + "/" + name;
        Optional<ManagementLockEntity> existing = find(id);
        ManagementLockEntity e = existing.orElseGet(ManagementLockEntity::new);
        if (existing.isEmpty()) {
            e.idKey = id.toLowerCase(Locale.ROOT);
            e.id = id;
            e.subscriptionId = scope.subscriptionId().toLowerCase(Locale.ROOT);
            e.scopeKey = scope.key();
            e.name = name;
            e.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        }
        e.level = level;
        e.notes = notes.isTextual() ? notes.asText() : null;
        e.owners = owners.isArray() && !owners.isEmpty() ? Json.write(owners) : null;
        if (existing.isEmpty()) em.persist(e);
        return new Written(e, existing.isEmpty());
    }

    /** The locks of a subscription whose scope satisfies {@code applies}. */
    private List<ManagementLockEntity> locks(String subscriptionId, Predicate<String> applies) {
        List<ManagementLockEntity> all = em.createQuery("from ManagementLockEntity l where l.subscriptionId = :s order by l.idKey", ManagementLockEntity.class)
                .setParameter("s", subscriptionId.toLowerCase(Locale.ROOT)).getResultList();
        return all.stream().filter(l -> applies.test(l.scopeKey)).toList();
    }

    /** Locks on {@code scope} and below it; with {@code atScope}, the locks that apply to it: on it and above it. */
    public List<ManagementLockEntity> list(ResourceId scope, boolean atScope) {
        String k = scope.key();
        return locks(scope.subscriptionId(), atScope ? l -> covers(l, k) : l -> l.equals(k) || l.startsWith(k + "/"));
    }

    private static boolean covers(String lockScope, String target) { return target.equals(lockScope) || target.startsWith(lockScope + "/"); }

    /**
     * Refuses to delete {@code target} (a resource, a resource group, a deployment) when a lock of any level is on it,
     * above it (its group, its subscription, a parent resource) or below it (what the delete would take with it).
     */
    public void checkDelete(ResourceId target) {
        String k = target.key();
        List<ManagementLockEntity> found = locks(target.subscriptionId(), l -> covers(l, k) || l.startsWith(k + "/"));
        if (!found.isEmpty()) throw scopeLocked(target, "delete", found);
    }

    /** Refuses a write or an action on {@code target} when a {@code ReadOnly} lock is on it or above it. */
    public void checkWrite(ResourceId target) {
        String k = target.key();
        List<ManagementLockEntity> found = locks(target.subscriptionId(), l -> covers(l, k)).stream().filter(l -> "ReadOnly".equals(l.level)).toList();
        if (!found.isEmpty()) throw scopeLocked(target, "write", found);
    }

    private static RuntimeException scopeLocked(ResourceId target, String operation, List<ManagementLockEntity> locks) {
        List<String> scopes = new ArrayList<>();
        for (ManagementLockEntity l : locks) {
            String s = l.id.substring(0, l.id.length() - ("/providers/" + TYPE + "/" + l.name).length());
            if (!scopes.contains(s)) scopes.add(s);
        }
        return ArmErrorCode.ScopeLocked.exception("The scope '" + target + "' cannot perform " + operation
                + " operation because following scope(s) are locked: '" + String.join("','", scopes) + "'. Please remove the lock and try again.");
    }

    private Optional<ManagementLockEntity> find(String id) {
        return Optional.ofNullable(em.find(ManagementLockEntity.class, id.toLowerCase(Locale.ROOT)));
    }

    private static ResourceId scopeOf(List<String> segments) {
        try {
            ResourceId id = ResourceId.parse("/" + String.join("/", segments));
            if (id.subscriptionId() == null) throw new IllegalArgumentException("tenant scope");
            return id;
        } catch (IllegalArgumentException e) {
            throw ArmErrorCode.InvalidRequestUri.exception("The scope '/" + String.join("/", segments)
                    + "' of a management lock must be a subscription, a resource group or a resource.");
        }
    }

    /** The locked scope must exist: a subscription, a group, or a stored resource. */
    private void requireScope(ResourceId scope) {
        subscriptions.require(scope.subscriptionId());
        if (scope.isSubscription()) return;
        String group = scope.resourceGroup().orElseThrow();
        if (store.find(ResourceId.resourceGroup(scope.subscriptionId(), group).key()).isEmpty()) throw ResourceGroups.notFound(group);
        if (scope.isResource() && store.find(scope.key()).isEmpty()) {
            throw ArmErrorCode.ResourceNotFound.exception("The Resource '" + scope.type().namespace() + "/" + scope.type().typePath() + "/"
                    + scope.name() + "' under resource group '" + group + "' was not found.");
        }
    }

    private static RuntimeException notFound(String name) {
        return ArmErrorCode.LockNotFound.exception("The lock '" + name + "' could not be found.");
    }

    static ObjectNode render(ManagementLockEntity e) {
        ObjectNode n = Json.object();
        ObjectNode p = n.putObject("properties");
        p.put("level", e.level);
        if (e.notes != null) p.put("notes", e.notes);
        if (e.owners != null) p.set("owners", Envelope.readJson(e.owners));
        n.put("id", e.id);
        n.put("type", TYPE);
        n.put("name", e.name);
        return n;
    }
}
