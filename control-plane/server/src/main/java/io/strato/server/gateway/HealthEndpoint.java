package io.strato.server.gateway;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /healthz}: answers as soon as the HTTP server runs, with no database, token or routing work.
 * Load balancers probe it; the benchmarks use it as the framework's ceiling for this machine.
 */
@Path("/healthz")
public class HealthEndpoint {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ok() { return "ok"; }
}
