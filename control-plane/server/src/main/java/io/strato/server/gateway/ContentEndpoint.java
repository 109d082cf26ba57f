package io.strato.server.gateway;

import io.strato.server.arm.ProviderCatalog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /content/{namespace}/{path}}: documents providers serve without a bearer token ({@link io.strato.spi.PublicContent}),
 * e.g. a VM's serial log behind a signed link, or the image-alias document. Anything not served is a plain 404.
 */
@Path("/content/{namespace}/{path: .+}")
public class ContentEndpoint {
    @Inject ProviderCatalog catalog;

    @GET
    public Response get(@PathParam("namespace") String namespace, @PathParam("path") String path, @Context UriInfo uri) {
        Map<String, String> query = new LinkedHashMap<>();
        uri.getQueryParameters(true).forEach((k, v) -> query.putIfAbsent(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        return catalog.provider(namespace)
                .flatMap(p -> p.publicContent(path, query))
                .map(c -> Response.ok(c.body()).type(c.contentType()).build())
                .orElseGet(() -> Response.status(404).type("text/plain").entity("Not found\n").build());
    }
}
