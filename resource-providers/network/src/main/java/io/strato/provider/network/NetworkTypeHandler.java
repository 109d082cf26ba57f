package io.strato.provider.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.ApiVersions;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.ResourceTypeHandler;
import io.strato.spi.StoredResources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What every {@code Microsoft.Network} type shares: api-versions, names, the spec as validated JSON, the
 * {@code etag}/{@code resourceGuid} Azure renders, and the one driver client that applies the whole topology.
 */
abstract class NetworkTypeHandler implements ResourceTypeHandler<NetworkSpec> {
    /** Azure's published Microsoft.Network versions; shapes are 2018-11-01 (2020-09-01-hybrid) and 2022-01-01 (az 2.45). */
    static final ApiVersions API_VERSIONS = ApiVersions.of(List.of(
                    "2015-05-01-preview", "2015-06-15", "2016-03-30", "2016-06-01", "2016-09-01", "2016-12-01", "2017-03-01", "2017-06-01", "2017-08-01",
                    "2017-09-01", "2017-10-01", "2017-11-01", "2018-01-01", "2018-02-01", "2018-04-01", "2018-06-01", "2018-07-01",
                    "2018-08-01", "2018-10-01", "2018-11-01", "2018-12-01", "2019-02-01", "2019-04-01", "2019-06-01", "2019-07-01",
                    "2019-08-01", "2019-09-01", "2019-11-01", "2019-12-01", "2020-03-01", "2020-04-01", "2020-05-01", "2020-06-01",
                    "2020-07-01", "2020-08-01", "2020-11-01", "2021-02-01", "2021-03-01", "2021-05-01", "2021-08-01", "2022-01-01",
                    "2022-05-01", "2022-07-01", "2022-09-01", "2022-11-01", "2023-02-01", "2023-04-01", "2023-05-01", "2023-06-01",
                    "2023-09-01", "2023-11-01", "2024-01-01", "2024-03-01", "2024-05-01"),
            List.of("2018-11-01", "2021-08-01", "2022-01-01"));

    /**
     * Whether sub-resources (subnets, routes, security rules, IP configurations, balancer parts, peerings) carry
     * {@code type}, and route tables and peerings a {@code resourceGuid}, at this shape: the 2018-11-01 schemas and
     * examples have none of them, 2021-08-01 has them all.
     */
    static boolean newerShape(ApiVersion shape) { return shape.compareTo(ApiVersion.parse("2021-08-01")) >= 0; }

    /** Puts the sub-resource's {@code type} when the shape has one. */
    static ObjectNode typed(ObjectNode out, ApiVersion shape, String type) {
        if (newerShape(shape)) out.put("type", type);
        return out;
    }

    /** Microsoft.Network's schemas have no systemData at any version (the specs of 2018-11-01 to 2022-05-01 name none). */
    @Override
    public boolean hasSystemData(ApiVersion version) { return false; }

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$");

    protected final NetworkProvider provider;
    private final ResourceType type;

    NetworkTypeHandler(NetworkProvider provider, ResourceType type) {
        this.provider = provider;
        this.type = type;
    }

    @Override public ResourceType type() { return type; }

    @Override public ApiVersions apiVersions() { return API_VERSIONS; }

    @Override public Class<NetworkSpec> specClass() { return NetworkSpec.class; }

    @Override public ExternalClient<NetworkSpec> connect() { return provider.client(); }

    StoredResources stored() { return provider.stored(); }

    @Override
    public void validateName(ResourceId id) {
        if (!NAME.matcher(id.name()).matches()) {
            throw ArmErrorCode.InvalidResourceName.exception("Resource name " + id.name() + " is invalid. The name can be up to 80 characters long. "
                    + "It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters "
                    + "or '.', '-', '_'.", "name");
        }
    }

    @Override
    public NetworkSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<NetworkSpec> existing) {
        return normalize(version, id, body, existing);
    }

    /** Validates and defaults a whole body (a PUT, or a parent with one child replaced) into the spec to store. */
    abstract NetworkSpec normalize(ApiVersion version, ResourceId id, JsonNode body, Optional<NetworkSpec> existing);

    /** The type-specific response members ({@code properties}, {@code sku}, ...), children with their ids. */
    abstract ObjectNode render(ApiVersion version, ResourceId id, NetworkSpec spec);

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, NetworkSpec spec, Observation seen) {
        ObjectNode out = render(version, id, spec);
        out.put("etag", etag(id, spec));
        return out;
    }

    /** A weak etag that changes whenever the spec does, as Azure's network resources carry in their bodies. */
    static String etag(ResourceId id, NetworkSpec spec) {
        return "W/\"" + UUID.nameUUIDFromBytes((id.key() + spec.body()).getBytes(StandardCharsets.UTF_8)) + "\"";
    }

    static String resourceGuid(ResourceId id) { return UUID.nameUUIDFromBytes(id.key().getBytes(StandardCharsets.UTF_8)).toString(); }

    /** A child id: the parent's id plus {@code /{childType}/{name}}. */
    static ResourceId childId(ResourceId parent, String childType, String name) {
        return ResourceId.parse(parent + "/" + childType + "/" + name);
    }
}
