package io.strato.server.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Json;
import io.strato.server.gateway.Responses;
import io.strato.server.persistence.SubscriptionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Subscriptions, tenants and locations (Microsoft.Resources' subscription API). */
@ApplicationScoped
public class Subscriptions {
    /** First api-versions of fields the 2016-06-01 (hybrid profile) subscription API does not have. */
    private static final ApiVersion TENANT_FIELDS_SINCE = ApiVersion.parse("2018-06-01");
    private static final ApiVersion TENANT_CATEGORY_SINCE = ApiVersion.parse("2019-06-01");
    private static final ApiVersion LOCATION_METADATA_SINCE = ApiVersion.parse("2019-11-01");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Inject EntityManager em;
    @Inject ApplianceSettings settings;

    /** The subscription of a request path, or Azure's error for a malformed or unknown one. */
    public SubscriptionEntity require(String subscriptionId) {
        if (!GUID.matcher(subscriptionId).matches()) {
            throw ArmErrorCode.InvalidSubscriptionId.exception("The provided subscription identifier '" + subscriptionId + "' is malformed or invalid.");
        }
        SubscriptionEntity s = em.find(SubscriptionEntity.class, subscriptionId.toLowerCase(Locale.ROOT));
        if (s == null) throw ArmErrorCode.SubscriptionNotFound.exception("The subscription '" + subscriptionId + "' could not be found.");
        return s;
    }

    @Transactional
    public SubscriptionEntity create(String id, String displayName, String tenantId) {
        SubscriptionEntity existing = em.find(SubscriptionEntity.class, id.toLowerCase(Locale.ROOT));
        if (existing != null) return existing;
        SubscriptionEntity s = new SubscriptionEntity();
        s.id = id.toLowerCase(Locale.ROOT);
        s.displayName = displayName;
        s.tenantId = tenantId;
        s.state = "Enabled";
        s.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        em.persist(s);
        return s;
    }

    public List<SubscriptionEntity> all() {
        return em.createQuery("select s from SubscriptionEntity s order by s.id", SubscriptionEntity.class).getResultList();
    }

    Response list(ArmRequest req, Map<String, String> vars) {
        ApiVersion v = BuiltInApis.require(req, BuiltInApis.SUBSCRIPTIONS);
        String tenant = req.caller() == null ? null : req.caller().tenantId();
        return Responses.page(all().stream().filter(s -> tenant == null || s.tenantId.equalsIgnoreCase(tenant)).map(s -> render(s, v)).toList(), null);
    }

    Response get(ArmRequest req, Map<String, String> vars) {
        ApiVersion v = BuiltInApis.require(req, BuiltInApis.SUBSCRIPTIONS);
        return Responses.ok(render(require(vars.get("s")), v));
    }

    Response tenants(ArmRequest req, Map<String, String> vars) {
        ApiVersion v = BuiltInApis.require(req, BuiltInApis.SUBSCRIPTIONS);
        ObjectNode t = Json.object();
        t.put("id", "/tenants/" + settings.tenantId());
        t.put("tenantId", settings.tenantId());
        if (v.compareTo(TENANT_CATEGORY_SINCE) >= 0) t.put("tenantCategory", "Home");
        if (v.compareTo(TENANT_FIELDS_SINCE) >= 0) t.put("displayName", "Strato");
        return Responses.page(List.of(t), null);
    }

    Response locations(ArmRequest req, Map<String, String> vars) {
        ApiVersion v = BuiltInApis.require(req, BuiltInApis.SUBSCRIPTIONS);
        SubscriptionEntity s = require(vars.get("s"));
        ObjectNode l = Json.object();
        l.put("id", "/subscriptions/" + s.id + "/locations/" + settings.location());
        l.put("name", settings.location());
        l.put("displayName", settings.location());
        if (v.compareTo(LOCATION_METADATA_SINCE) < 0) return Responses.page(List.of(l), null);
        l.put("regionalDisplayName", settings.location());
        ObjectNode meta = l.putObject("metadata");
        meta.put("regionType", "Physical");
        meta.put("regionCategory", "Recommended");
        meta.put("physicalLocation", settings.location());
        return Responses.page(List.of(l), null);
    }

    ObjectNode render(SubscriptionEntity s, ApiVersion v) {
        ObjectNode n = Json.object();
        n.put("id", "/subscriptions/" + s.id);
        n.put("subscriptionId", s.id);
        if (v.compareTo(TENANT_FIELDS_SINCE) >= 0) n.put("tenantId", s.tenantId);
        n.put("displayName", s.displayName);
        n.put("state", s.state);
        ObjectNode p = n.putObject("subscriptionPolicies");
        p.put("locationPlacementId", "Public_2014-09-01");
        p.put("quotaId", "Strato_Default");
        p.put("spendingLimit", "Off");
        n.put("authorizationSource", "RoleBased");
        return n;
    }
}
