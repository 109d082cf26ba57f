package io.strato.provider.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The validated, defaulted desired state of one {@code Microsoft.Storage/storageAccounts} resource, as the
 * server stores it (JSON through Jackson; {@code creationTime} as ISO-8601 text, so any mapper reads it back).
 * It holds no secrets: the account keys live in the {@link io.strato.spi.SecretVault}.
 *
 * @param skuName                      canonical SKU name, e.g. {@code Standard_LRS}; see {@link #tier()}
 * @param kind                         {@code Storage}, {@code StorageV2}, {@code BlobStorage}, {@code FileStorage} or {@code BlockBlobStorage}
 * @param accessTier                   {@code Hot}, {@code Cool}, {@code Cold} or {@code Premium}; null for kinds without one
 * @param creationTime                 set once when the account is first validated for creation, kept on every update
 * @param primaryLocation              the normalised {@code location} of the PUT body ({@code "West US"} becomes {@code westus}); null when unknown
 * @param allowSharedKeyAccess         optional settings echoed back only when a client sent them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageAccountSpec(
        String skuName,
        String kind,
        String accessTier,
        boolean supportsHttpsTrafficOnly,
        String minimumTlsVersion,
        boolean allowBlobPublicAccess,
        @JsonProperty("isHnsEnabled") boolean hnsEnabled,
        String encryptionKeySource,
        NetworkAcls networkAcls,
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = InstantText.class) Instant creationTime,
        String primaryLocation,
        Boolean allowSharedKeyAccess,
        String publicNetworkAccess,
        Boolean allowCrossTenantReplication,
        Boolean defaultToOAuthAuthentication,
        String largeFileSharesState) {

    public StorageAccountSpec {
        networkAcls = networkAcls == null ? NetworkAcls.ALLOW_ALL : networkAcls;
    }

    /** {@code Standard} or {@code Premium}: the part of the SKU name before the underscore. */
    public String tier() {
        return skuName.substring(0, skuName.indexOf('_'));
    }

    /**
     * The firewall: {@code defaultAction} {@code Allow} or {@code Deny}, {@code bypass} as Azure spells it
     * ({@code "Logging, Metrics"}), allowed IP addresses or CIDR ranges, and allowed subnet ids.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NetworkAcls(String defaultAction, String bypass, List<String> ipRules, List<String> virtualNetworkRules) {
        public static final NetworkAcls ALLOW_ALL = new NetworkAcls("Allow", "AzureServices", List.of(), List.of());

        public NetworkAcls {
            ipRules = ipRules == null ? List.of() : List.copyOf(ipRules);
            virtualNetworkRules = virtualNetworkRules == null ? List.of() : List.copyOf(virtualNetworkRules);
        }
    }

    /** Reads the ISO-8601 text written by {@link ToStringSerializer}, without needing Jackson's java.time module. */
    static final class InstantText extends StdScalarDeserializer<Instant> {
        InstantText() { super(Instant.class); }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Instant.parse(p.getValueAsString());
        }
    }
}
