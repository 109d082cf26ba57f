package io.strato.server.identity;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The AAD-style token service ({@code loginEndpoint = {baseUrl}/}) for a tenant that exists: works for
 * @azure/identity with {@code disableInstanceDiscovery: true}, not for az 2.45 (WIRE.md §3.2). The tenant
 * segment only matches a GUID, so these routes cannot shadow other top-level routes. Unauthenticated by design.
 */
@Path("/{tenant: [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}")
@Produces(MediaType.APPLICATION_JSON)
public class AadEndpoint {
    private final TokenBroker broker;

    @Inject
    public AadEndpoint(TokenBroker broker) {
        this.broker = broker;
    }

    @GET
    @Path("v2.0/.well-known/openid-configuration")
    public Response discovery(@PathParam("tenant") String tenant) {
        return broker.aadDiscovery(tenant);
    }

    @GET
    @Path("discovery/v2.0/keys")
    public Response keys(@PathParam("tenant") String tenant) {
        return broker.keys(tenant);
    }

    /** {@code POST /{tenant}/oauth2/v2.0/token}. */
    @POST
    @Path("oauth2/v2.0/token{slash: /?}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response tokenV2(@PathParam("tenant") String tenant, MultivaluedMap<String, String> form,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @HeaderParam("client-request-id") String requestIdHeader,
                            @QueryParam("client-request-id") String requestIdQuery) {
        return broker.token(tenant, form, authorization, requestIdHeader != null ? requestIdHeader : requestIdQuery);
    }

    /** {@code POST /{tenant}/oauth2/token} (v1: {@code resource} instead of {@code scope}). */
    @POST
    @Path("oauth2/token{slash: /?}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response tokenV1(@PathParam("tenant") String tenant, MultivaluedMap<String, String> form,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @HeaderParam("client-request-id") String requestIdHeader,
                            @QueryParam("client-request-id") String requestIdQuery) {
        return broker.token(tenant, form, authorization, requestIdHeader != null ? requestIdHeader : requestIdQuery);
    }
}
