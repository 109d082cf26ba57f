package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.spi.ApiVersions;
import io.strato.spi.ProviderQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Compute's catalogues: {@code locations/{l}/vmSizes}, the resource SKUs ({@code skus}) and the platform image
 * tree {@code locations/{l}/publishers/{p}/artifacttypes/vmimage/offers/{o}/skus/{s}/versions/{v}} that
 * {@code az vm image list} and {@code az vm create} walk. Only the appliance's location has entries.
 */
final class ComputeQueries {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ApiVersions API_VERSIONS = VirtualMachineHandler.API_VERSIONS;
    static final ApiVersions SKU_API_VERSIONS = ApiVersions.of(List.of("2017-03-30", "2017-09-01", "2019-04-01", "2021-07-01"), List.of("2019-04-01"));

    private ComputeQueries() {}

    record Query(String path, ApiVersions apiVersions, BiFunction<String, Map<String, String>, Optional<JsonNode>> answer) implements ProviderQuery {
        @Override
        public Optional<JsonNode> get(ApiVersion version, String subscriptionId, Map<String, String> vars, Map<String, String> query) {
            return answer.apply(subscriptionId, vars);
        }
    }

    static List<ProviderQuery> all(String location) {
        String images = "locations/{location}/publishers";
        return List.of(
                new Query("locations/{location}/vmSizes", API_VERSIONS, (s, v) -> at(location, v).map(x -> vmSizes())),
                new Query("skus", SKU_API_VERSIONS, (s, v) -> Optional.of(skus(location))),
                new Query(images, API_VERSIONS, (s, v) -> at(location, v).map(x -> names(s, location, java.util.stream.Stream.concat(PlatformImages.all().stream()
                        .map(PlatformImages.PlatformImage::publisher), ExtensionTypes.publishers().stream()).distinct().toList(), "Publishers"))),
                new Query(images + "/{publisher}/artifacttypes/vmimage/offers", API_VERSIONS, (s, v) -> at(location, v).map(x -> names(s, location,
                        images(v).stream().map(PlatformImages.PlatformImage::offer).distinct().toList(), "Publishers/" + v.get("publisher") + "/ArtifactTypes/VMImage/Offers"))),
                new Query(images + "/{publisher}/artifacttypes/vmimage/offers/{offer}/skus", API_VERSIONS, (s, v) -> at(location, v).map(x -> names(s, location,
                        images(v).stream().filter(i -> i.offer().equalsIgnoreCase(v.get("offer"))).map(PlatformImages.PlatformImage::sku).distinct().toList(),
                        "Publishers/" + v.get("publisher") + "/ArtifactTypes/VMImage/Offers/" + v.get("offer") + "/Skus"))),
                new Query(images + "/{publisher}/artifacttypes/vmimage/offers/{offer}/skus/{sku}/versions", API_VERSIONS, (s, v) -> at(location, v).map(x -> names(s, location,
                        images(v).stream().filter(i -> i.offer().equalsIgnoreCase(v.get("offer")) && i.sku().equalsIgnoreCase(v.get("sku")))
                                .map(PlatformImages.PlatformImage::version).toList(),
                        "Publishers/" + v.get("publisher") + "/ArtifactTypes/VMImage/Offers/" + v.get("offer") + "/Skus/" + v.get("sku") + "/Versions"))),
                new Query(images + "/{publisher}/artifacttypes/vmimage/offers/{offer}/skus/{sku}/versions/{version}", API_VERSIONS, (s, v) -> at(location, v)
                        .flatMap(x -> PlatformImages.find(v.get("publisher"), v.get("offer"), v.get("sku"), v.get("version")))
                        .filter(i -> !v.get("version").equalsIgnoreCase("latest"))
                        .map(i -> imageVersion(s, location, i))));
    }

    private static Optional<String> at(String location, Map<String, String> vars) {
        return location.equalsIgnoreCase(vars.get("location").replace(" ", "")) ? Optional.of(location) : Optional.empty();
    }

    private static List<PlatformImages.PlatformImage> images(Map<String, String> vars) {
        return PlatformImages.all().stream().filter(i -> i.publisher().equalsIgnoreCase(vars.get("publisher"))).toList();
    }

    /** Image catalogue lists are bare arrays of {@code {location, name, id}}, as in Azure. */
    private static JsonNode names(String subscription, String location, List<String> names, String idPath) {
        ArrayNode out = NODES.arrayNode();
        for (String n : names) {
            out.addObject().put("location", location).put("name", n)
                    .put("id", "/Subscriptions/" + subscription + "/Providers/Microsoft.Compute/Locations/" + location + "/" + idPath + "/" + n);
        }
        return out;
    }

    private static JsonNode imageVersion(String subscription, String location, PlatformImages.PlatformImage i) {
        ObjectNode n = NODES.objectNode();
        ObjectNode p = n.putObject("properties");
        p.putObject("osDiskImage").put("operatingSystem", "Linux").put("sizeInGb", i.diskSizeGiB()).put("sizeInBytes", (long) i.diskSizeGiB() << 30);
        p.putArray("dataDiskImages");
        p.putObject("automaticOSUpgradeProperties").put("automaticOSUpgradeSupported", false);
        p.put("hyperVGeneration", i.generation()).put("architecture", "x64");
        p.putObject("disallowed").put("vmDiskType", "None");
        p.putArray("features");
        n.put("location", location).put("name", i.version()).put("id", "/Subscriptions/" + subscription + "/Providers/Microsoft.Compute/Locations/"
                + location + "/Publishers/" + i.publisher() + "/ArtifactTypes/VMImage/Offers/" + i.offer() + "/Skus/" + i.sku() + "/Versions/" + i.version());
        return n;
    }

    static JsonNode vmSizes() {
        ObjectNode out = NODES.objectNode();
        ArrayNode value = out.putArray("value");
        for (VmSizes.VmSize s : VmSizes.all()) {
            value.addObject().put("name", s.name()).put("numberOfCores", s.cores()).put("osDiskSizeInMB", VmSizes.OS_DISK_MIB)
                    .put("resourceDiskSizeInMB", s.resourceDiskMiB()).put("memoryInMB", s.memoryMiB()).put("maxDataDiskCount", s.maxDataDisks());
        }
        return out;
    }

    static JsonNode skus(String location) {
        ObjectNode out = NODES.objectNode();
        ArrayNode value = out.putArray("value");
        for (VmSizes.VmSize s : VmSizes.all()) {
            ObjectNode sku = value.addObject().put("resourceType", "virtualMachines").put("name", s.name()).put("tier", "Standard")
                    .put("size", s.skuSize()).put("family", s.family());
            sku.putArray("locations").add(location);
            sku.putArray("locationInfo").addObject().put("location", location).putArray("zones");
            ArrayNode caps = sku.putArray("capabilities");
            cap(caps, "MaxResourceVolumeMB", s.resourceDiskMiB());
            cap(caps, "OSVhdSizeMB", VmSizes.OS_DISK_MIB);
            cap(caps, "vCPUs", s.cores());
            cap(caps, "HyperVGenerations", "V1");
            cap(caps, "MemoryGB", trim(s.memoryMiB() / 1024.0));
            cap(caps, "MaxDataDiskCount", s.maxDataDisks());
            cap(caps, "LowPriorityCapable", "False");
            cap(caps, "PremiumIO", "True");
            cap(caps, "vCPUsAvailable", s.cores());
            cap(caps, "AcceleratedNetworkingEnabled", "False");
            cap(caps, "MaxNetworkInterfaces", 2);
            sku.putArray("restrictions");
        }
        for (String disk : List.of("Standard_LRS", "Premium_LRS", "StandardSSD_LRS")) {
            ObjectNode sku = value.addObject().put("resourceType", "disks").put("name", disk).put("tier", disk.substring(0, disk.indexOf('_')));
            sku.putArray("locations").add(location);
            sku.putArray("locationInfo").addObject().put("location", location).putArray("zones");
            sku.putArray("capabilities");
            sku.putArray("restrictions");
        }
        return out;
    }

    private static String trim(double d) {
        return d == Math.floor(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static void cap(ArrayNode caps, String name, Object value) {
        caps.addObject().put("name", name).put("value", String.valueOf(value));
    }
}
