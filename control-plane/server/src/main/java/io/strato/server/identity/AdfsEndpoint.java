package io.strato.server.identity;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The AD FS-style token service ({@code loginEndpoint = {baseUrl}/adfs}) used by az and @azure/identity;
 * see {@link TokenBroker}. Unauthenticated by design: ARM's bearer-token filter must not cover {@code /adfs}.
 */
@Path("/adfs")
@Produces(MediaType.APPLICATION_JSON)
public class AdfsEndpoint {
    private final TokenBroker broker;

    @Inject
    public AdfsEndpoint(TokenBroker broker) {
        this.broker = broker;
    }

    @GET
    @Path(".well-known/openid-configuration")
    public Response discovery() {
        return broker.adfsDiscovery();
    }

    @GET
    @Path("discovery/keys")
    public Response keys() {
        return broker.keys(null);
    }

    /** {@code POST /adfs/oauth2/token} and {@code /adfs/oauth2/token/} (what the discovery document names). */
    @POST
    @Path("oauth2/token{slash: /?}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response token(MultivaluedMap<String, String> form,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @HeaderParam("client-request-id") String requestIdHeader,
                          @QueryParam("client-request-id") String requestIdQuery) {
        return broker.token(null, form, authorization, requestIdHeader != null ? requestIdHeader : requestIdQuery);
    }
}
