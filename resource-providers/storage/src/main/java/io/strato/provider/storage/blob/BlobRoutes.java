package io.strato.provider.storage.blob;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which {@link BlobOperation} a request names: the verb, the level of the path (service, container or blob) and
 * the {@code restype}/{@code comp} parameters, looked up in one table.
 */
public final class BlobRoutes {
    /** How deep the path goes: {@code /}, {@code /container} or {@code /container/blob}. */
    public enum Level { SERVICE, CONTAINER, BLOB }

    private record Route(String method, Level level, String restype, String comp, BlobOperation operation) {}

    private static final List<Route> ROUTES = List.of(
            new Route("GET", Level.SERVICE, null, "list", BlobOperation.LIST_CONTAINERS),
            new Route("GET", Level.SERVICE, "service", "properties", BlobOperation.GET_SERVICE_PROPERTIES),
            new Route("GET", Level.SERVICE, "account", "properties", BlobOperation.GET_ACCOUNT_INFO),
            new Route("HEAD", Level.SERVICE, "account", "properties", BlobOperation.GET_ACCOUNT_INFO),
            new Route("PUT", Level.CONTAINER, "container", null, BlobOperation.CREATE_CONTAINER),
            new Route("DELETE", Level.CONTAINER, "container", null, BlobOperation.DELETE_CONTAINER),
            new Route("GET", Level.CONTAINER, "container", null, BlobOperation.GET_CONTAINER_PROPERTIES),
            new Route("HEAD", Level.CONTAINER, "container", null, BlobOperation.GET_CONTAINER_PROPERTIES),
            new Route("GET", Level.CONTAINER, "container", "metadata", BlobOperation.GET_CONTAINER_PROPERTIES),
            new Route("HEAD", Level.CONTAINER, "container", "metadata", BlobOperation.GET_CONTAINER_PROPERTIES),
            new Route("PUT", Level.CONTAINER, "container", "metadata", BlobOperation.SET_CONTAINER_METADATA),
            new Route("GET", Level.CONTAINER, "container", "acl", BlobOperation.GET_CONTAINER_ACL),
            new Route("HEAD", Level.CONTAINER, "container", "acl", BlobOperation.GET_CONTAINER_ACL),
            new Route("PUT", Level.CONTAINER, "container", "acl", BlobOperation.SET_CONTAINER_ACL),
            new Route("GET", Level.CONTAINER, "container", "list", BlobOperation.LIST_BLOBS),
            new Route("GET", Level.CONTAINER, "account", "properties", BlobOperation.GET_ACCOUNT_INFO),
            new Route("PUT", Level.BLOB, null, null, BlobOperation.PUT_BLOB),
            new Route("PUT", Level.BLOB, null, "block", BlobOperation.PUT_BLOCK),
            new Route("PUT", Level.BLOB, null, "blocklist", BlobOperation.PUT_BLOCK_LIST),
            new Route("GET", Level.BLOB, null, "blocklist", BlobOperation.GET_BLOCK_LIST),
            new Route("GET", Level.BLOB, null, null, BlobOperation.GET_BLOB),
            new Route("HEAD", Level.BLOB, null, null, BlobOperation.GET_BLOB_PROPERTIES),
            new Route("PUT", Level.BLOB, null, "properties", BlobOperation.SET_BLOB_PROPERTIES),
            new Route("GET", Level.BLOB, null, "metadata", BlobOperation.GET_BLOB_METADATA),
            new Route("HEAD", Level.BLOB, null, "metadata", BlobOperation.GET_BLOB_METADATA),
            new Route("PUT", Level.BLOB, null, "metadata", BlobOperation.SET_BLOB_METADATA),
            new Route("DELETE", Level.BLOB, null, null, BlobOperation.DELETE_BLOB),
            new Route("GET", Level.BLOB, "account", "properties", BlobOperation.GET_ACCOUNT_INFO));

    private BlobRoutes() {}

    /**
     * The operation for a request; a PUT of a blob with {@code x-ms-copy-source} is Copy Blob. Empty when the
     * combination names nothing the endpoint serves.
     */
    public static Optional<BlobOperation> resolve(String method, Level level, String restype, String comp, boolean copySource) {
        String m = method.toUpperCase(Locale.ROOT);
        String r = restype == null || restype.isEmpty() ? null : restype.toLowerCase(Locale.ROOT);
        String c = comp == null || comp.isEmpty() ? null : comp.toLowerCase(Locale.ROOT);
        for (Route route : ROUTES) {
            if (route.method().equals(m) && route.level() == level && java.util.Objects.equals(route.restype(), r)
                    && java.util.Objects.equals(route.comp(), c)) {
                return Optional.of(route.operation() == BlobOperation.PUT_BLOB && copySource ? BlobOperation.COPY_BLOB : route.operation());
            }
        }
        return Optional.empty();
    }
}
