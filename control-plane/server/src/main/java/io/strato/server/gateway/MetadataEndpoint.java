package io.strato.server.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.server.boot.ApplianceSettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code /metadata/endpoints}: what {@code az cloud register} and the SDKs read to find the login endpoint,
 * the token audience and the DNS suffixes. Two formats: the 2015-01-01 object and, from 2019-05-01, an array
 * of clouds with suffixes. Public: no token is needed.
 */
@Path("/metadata/endpoints")
public class MetadataEndpoint {
    private static final ApiVersion ARRAY_FORMAT = ApiVersion.parse("2019-05-01");

    @Inject ApplianceSettings settings;
    @Inject io.strato.server.arm.ProviderCatalog catalog;

    @GET
    public Response endpoints(@QueryParam("api-version") String apiVersion) {
        String base = settings.baseUrl();
        if (apiVersion != null && !apiVersion.isBlank() && !ApiVersion.isWellFormed(apiVersion)) {
            return Responses.error(400, new ArmError(ArmErrorCode.InvalidApiVersionParameter.name(),
                    "The api-version '" + apiVersion + "' is invalid. The supported versions are '2022-09-01,2020-06-01,2019-05-01,2018-01-01,2015-01-01'.", "api-version"));
        }
        if (apiVersion != null && ApiVersion.isWellFormed(apiVersion) && ApiVersion.parse(apiVersion).compareTo(ARRAY_FORMAT) >= 0) {
            ObjectNode cloud = cloud(settings);
            catalog.providers().forEach(p -> p.cloudEndpoints().forEach((name, path) -> cloud.put(name, base + path)));
            ArrayNode clouds = Json.STRICT.createArrayNode();
            clouds.add(cloud);
            return Responses.json(200, clouds);
        }
        ObjectNode n = Json.object();
        n.put("galleryEndpoint", base + "/gallery/");
        n.put("graphEndpoint", base + "/graph/");
        n.put("portalEndpoint", base + "/portal/");
        ObjectNode auth = n.putObject("authentication");
        auth.put("loginEndpoint", base + "/adfs");
        auth.putArray("audiences").add(settings.audience());
        return Responses.ok(n);
    }

    /**
     * This appliance as a cloud, in the shape of the 2019-05-01+ metadata array entries and of the template
     * function {@code environment()}: endpoints, the AD FS login and audience, and the DNS suffixes.
     */
    public static ObjectNode cloud(ApplianceSettings settings) {
        String base = settings.baseUrl();
        ObjectNode cloud = Json.object();
        cloud.put("name", "Strato");
        cloud.put("resourceManager", base + "/");
        cloud.put("portal", base + "/portal/");
        cloud.put("gallery", base + "/gallery/");
        cloud.put("graph", base + "/graph/");
        cloud.put("graphAudience", base + "/graph/");
        cloud.put("activeDirectoryDataLake", "");
        ObjectNode auth = cloud.putObject("authentication");
        auth.put("loginEndpoint", base + "/adfs");
        auth.putArray("audiences").add(settings.audience());
        auth.put("tenant", "adfs");
        auth.put("identityProvider", "ADFS");
        ObjectNode suffixes = cloud.putObject("suffixes");
        String domain = settings.storageSuffix().replaceFirst("^storage\\.", "");
        suffixes.put("storage", settings.storageEndpointSuffix()); // with the Blob port, so {account}.blob.{suffix} reaches it
        suffixes.put("keyVaultDns", "vault." + domain);
        suffixes.put("acrLoginServer", "acr." + domain);
        return cloud;
    }
}
