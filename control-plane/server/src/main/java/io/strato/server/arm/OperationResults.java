package io.strato.server.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.server.gateway.ArmRequest;
import io.strato.server.gateway.Json;
import io.strato.server.gateway.Responses;
import io.strato.server.jobs.Operations;
import io.strato.server.persistence.AsyncOperationEntity;
import io.strato.server.persistence.ResourceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * Polling of long-running operations, in both of ARM's styles: the Location URL (202 while running, then the
 * exact final response) and the Azure-AsyncOperation status body (always 200 and always a {@code status}).
 */
@ApplicationScoped
public class OperationResults {
    @Inject Operations operations;
    @Inject ResourceStore store;
    @Inject ProviderCatalog catalog;
    @Inject Resources resources;
    @Inject Subscriptions subscriptions;
    @Inject io.strato.server.boot.ApplianceSettings settings;

    private AsyncOperationEntity find(ArmRequest req, Map<String, String> vars) {
        req.apiVersionText();
        subscriptions.require(vars.get("s"));
        UUID id;
        try {
            id = UUID.fromString(vars.get("id"));
        } catch (IllegalArgumentException e) {
            throw notFound(vars.get("id"));
        }
        AsyncOperationEntity op = operations.find(id).orElseThrow(() -> notFound(vars.get("id")));
        if (!op.subscriptionId.equalsIgnoreCase(vars.get("s"))) throw notFound(vars.get("id"));
        return op;
    }

    private static RuntimeException notFound(String id) {
        return ArmErrorCode.OperationNotFound.exception("The operation '" + id + "' could not be found.");
    }

    @Transactional
    Response location(ArmRequest req, Map<String, String> vars) {
        AsyncOperationEntity op = find(req, vars);
        if (Operations.IN_PROGRESS.equals(op.status)) {
            return Response.status(202).header("Location", currentUrl(req)).header("Retry-After", Responses.RETRY_AFTER).build();
        }
        if (Operations.FAILED.equals(op.status)) {
            ArmError error = Specs.read(op.error, ArmError.class);
            int status;
            try {
                status = ArmErrorCode.valueOf(error.code()).status();
            } catch (IllegalArgumentException e) {
                status = 400;
            }
            return Responses.error(status, error);
        }
        Operations.Kind kind = Operations.Kind.valueOf(op.kind);
        if (kind == Operations.Kind.CREATE || kind == Operations.Kind.UPDATE) {
            ResourceId id = ResourceId.parse(op.resourceId);
            return store.find(id.key()).flatMap(e -> catalog.handler(id.type()).map(h ->
                            Responses.ok(resources.render(e, h, ApiVersion.parse(op.apiVersion), true))))
                    .orElseGet(() -> Response.noContent().build());
        }
        return Response.ok().build();
    }

    @Transactional
    Response status(ArmRequest req, Map<String, String> vars) {
        AsyncOperationEntity op = find(req, vars);
        ObjectNode n = Json.object();
        n.put("id", "/" + String.join("/", req.segments()));
        n.put("name", op.id.toString());
        n.put("status", op.status);
        n.put("startTime", DateTimeFormatter.ISO_INSTANT.format(op.startedAt));
        if (op.endedAt != null) n.put("endTime", DateTimeFormatter.ISO_INSTANT.format(op.endedAt));
        if (op.error != null) n.set("error", Json.STRICT.valueToTree(Specs.read(op.error, ArmError.class)));
        Response r = Responses.ok(n);
        return Operations.IN_PROGRESS.equals(op.status) ? Response.fromResponse(r).header("Retry-After", Responses.RETRY_AFTER).build() : r;
    }

    private String currentUrl(ArmRequest req) { return settings.baseUrl() + req.rawPathAndQuery(); }
}
