package io.strato.provider.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.provider.storage.blob.ContainerNames;
import io.strato.provider.storage.file.FileShareStore;
import io.strato.provider.storage.file.ShareNames;
import io.strato.provider.storage.file.ShareRef;
import io.strato.spi.ApiVersions;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.ResourceTypeHandler;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Microsoft.Storage/storageAccounts/fileServices/shares}: quota, access tier, protocol and metadata, checked
 * against the account as Azure does (large file shares, Premium FileStorage for NFS and the Premium tier). Each share
 * is a folder of the {@link FileShareStore}: made with the share, removed with it, and measured for
 * {@code $expand=stats}.
 */
public final class FileShareHandler implements ResourceTypeHandler<FileShareSpec> {
    public static final ResourceType TYPE = ResourceType.of("Microsoft.Storage", "storageAccounts", "fileServices", "shares");
    /** The largest quota of a standard share without large file shares, in GiB. */
    public static final int STANDARD_MAX_QUOTA = 5120;
    /** The largest quota of a large or premium share, in GiB. */
    public static final int LARGE_MAX_QUOTA = 102400;
    static final int PREMIUM_DEFAULT_QUOTA = 100;
    static final List<String> STANDARD_TIERS = List.of("TransactionOptimized", "Hot", "Cool");
    static final List<String> PROTOCOLS = List.of("SMB", "NFS");
    static final List<String> ROOT_SQUASH = List.of("NoRootSquash", "RootSquash", "AllSquash");
    /** Azure's message for a header (here: a property the storage service receives as a header) it refuses. */
    static final String INVALID_HEADER = "The value for one of the HTTP headers is not in the correct format.";
    private static final ApiVersion LEASES_SINCE = ApiVersion.parse("2020-08-01-preview");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private final StorageAccounts accounts;
    private volatile FileShareStore store;

    FileShareHandler(Clock clock, StorageAccounts accounts) {
        this.clock = clock;
        this.accounts = accounts;
    }

    void configure(FileShareStore store) { this.store = store; }

    /** The share store of the File endpoint, as {@link StorageProvider#configure} chose it. */
    public FileShareStore fileStore() {
        FileShareStore s = store;
        if (s == null) throw new IllegalStateException("StorageProvider.configure(ProviderContext) has not been called");
        return s;
    }

    /** The account and share a share resource id names. */
    public static ShareRef ref(ResourceId id) {
        return new ShareRef(id.names().get(0), id.name());
    }

    @Override public ResourceType type() { return TYPE; }

    @Override public ApiVersions apiVersions() { return FileServiceHandler.API_VERSIONS; }

    @Override public Class<FileShareSpec> specClass() { return FileShareSpec.class; }

    @Override
    public FileShareSpec toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<FileShareSpec> existing) {
        JsonBody b = JsonBody.of(body);
        JsonNode p = body.path("properties");
        if (!p.isMissingNode() && !p.isNull() && !p.isObject()) {
            throw ArmErrorCode.InvalidRequestContent.exception("The request content was invalid: 'properties' must be an object.", "properties");
        }
        StorageAccountSpec account = accounts.of(id.parent().parent());
        boolean premium = "FileStorage".equals(account.kind());
        FileShareSpec before = existing.orElse(null);
        Instant now = clock.instant();

        String protocol = b.text("properties.enabledProtocols").map(s -> JsonBody.canonical(s, PROTOCOLS)
                .orElseThrow(() -> invalidHeader("x-ms-enabled-protocols", "'" + s + "' is not SMB or NFS", "properties.enabledProtocols")))
                .orElse(before == null ? "SMB" : before.enabledProtocols());
        if (before != null && !protocol.equals(before.enabledProtocols())) {
            throw ArmErrorCode.PropertyChangeNotAllowed.exception("The property 'enabledProtocols' can only be set when the share is created.",
                    "properties.enabledProtocols");
        }
        if (protocol.equals("NFS") && !premium) {
            throw invalidHeader("x-ms-enabled-protocols", "NFS shares need a Premium FileStorage account; this account is "
                    + account.skuName() + " " + account.kind(), "properties.enabledProtocols");
        }
        String rootSquash = b.text("properties.rootSquash").map(s -> JsonBody.canonical(s, ROOT_SQUASH)
                .orElseThrow(() -> invalidHeader("x-ms-root-squash", "'" + s + "' is not NoRootSquash, RootSquash or AllSquash", "properties.rootSquash")))
                .orElse(before == null ? null : before.rootSquash());
        if (rootSquash != null && !protocol.equals("NFS")) {
            throw invalidHeader("x-ms-root-squash", "rootSquash applies to NFS shares only", "properties.rootSquash");
        }
        if (protocol.equals("NFS") && rootSquash == null) rootSquash = "NoRootSquash";

        int max = premium || "Enabled".equalsIgnoreCase(account.largeFileSharesState()) ? LARGE_MAX_QUOTA : STANDARD_MAX_QUOTA;
        int quota = before != null ? before.shareQuota() : premium ? PREMIUM_DEFAULT_QUOTA : max;
        Optional<JsonNode> sentQuota = b.node("properties.shareQuota");
        if (sentQuota.isPresent()) {
            JsonNode q = sentQuota.get();
            if (!q.canConvertToInt() || !(q.isIntegralNumber() || q.isTextual() && q.asText().matches("\\d+"))) {
                throw ArmErrorCode.InvalidRequestContent.exception("The request content was invalid and could not be deserialized: 'Error converting value "
                        + q + " to type 'Int32'. Path 'properties.shareQuota'.'", "properties.shareQuota");
            }
            quota = q.asInt();
            if (quota < 1 || quota > max) {
                throw invalidHeader("x-ms-share-quota", "shareQuota must be between 1 and " + max + " GiB"
                        + (max == STANDARD_MAX_QUOTA ? " (the account does not have large file shares enabled)" : ""), "properties.shareQuota");
            }
        }

        String tier = before == null ? (premium ? "Premium" : "TransactionOptimized") : before.accessTier();
        Instant tierChanged = before == null ? now : before.accessTierChangeTime();
        Optional<String> sentTier = b.text("properties.accessTier");
        if (sentTier.isPresent()) {
            List<String> allowed = premium ? List.of("Premium") : STANDARD_TIERS;
            String t = JsonBody.canonical(sentTier.get(), allowed).orElseThrow(() -> invalidHeader("x-ms-access-tier",
                    "a " + account.kind() + " account's shares take the tier " + String.join(", ", allowed) + ", not '" + sentTier.get() + "'",
                    "properties.accessTier"));
            if (!t.equals(tier)) tierChanged = now;
            tier = t;
        }

        Map<String, String> metadata = before == null ? Map.of() : before.metadata();
        Optional<JsonNode> m = b.node("properties.metadata");
        if (m.isPresent()) {
            if (!m.get().isObject()) throw ArmErrorCode.InvalidRequestContent.exception("'metadata' must be an object of strings.", "properties.metadata");
            Map<String, String> sent = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = m.get().fields(); it.hasNext(); ) {
                var f = it.next();
                if (!ContainerNames.isMetadataName(f.getKey())) {
                    throw ArmErrorCode.InvalidRequestPropertyValue.exception("The metadata name '" + f.getKey() + "' is not a valid C# identifier.",
                            "properties.metadata");
                }
                sent.put(f.getKey(), f.getValue().asText());
            }
            metadata = sent;
        }
        JsonNode identifiers = b.node("properties.signedIdentifiers").orElse(before == null ? null : before.signedIdentifiers());
        return new FileShareSpec(quota, tier, tierChanged, protocol, rootSquash, metadata, now, identifiers);
    }

    static ArmException invalidHeader(String header, String why, String target) {
        return ArmErrorCode.InvalidHeaderValue.exception(INVALID_HEADER + " (" + header + ": " + why + ".)", target);
    }

    /** A PATCH changes what it names and keeps the rest, as a PUT on an existing share does. */
    @Override
    public FileShareSpec patch(ApiVersion version, ResourceId id, JsonNode body, FileShareSpec existing) {
        return toSpec(version, id, body, Optional.of(existing));
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, FileShareSpec spec, Observation seen) {
        return toResponse(version, id, spec, seen, null);
    }

    @Override
    public ObjectNode toResponse(ApiVersion version, ResourceId id, FileShareSpec spec, Observation seen, String expand) {
        ObjectNode n = NODES.objectNode();
        ObjectNode p = n.putObject("properties");
        p.put("lastModifiedTime", spec.lastModified().toString());
        ObjectNode metadata = p.putObject("metadata");
        spec.metadata().forEach(metadata::put);
        p.put("shareQuota", spec.shareQuota());
        p.put("enabledProtocols", spec.enabledProtocols());
        if (spec.rootSquash() != null) p.put("rootSquash", spec.rootSquash());
        p.put("accessTier", spec.accessTier());
        p.put("accessTierChangeTime", spec.accessTierChangeTime().toString());
        if (!"Premium".equals(spec.accessTier())) p.put("accessTierStatus", "");
        if (version.compareTo(LEASES_SINCE) >= 0) {
            p.put("leaseStatus", "Unlocked");
            p.put("leaseState", "Available");
        }
        if (spec.signedIdentifiers() != null) p.set("signedIdentifiers", spec.signedIdentifiers());
        if (expand != null && List.of(expand.toLowerCase(Locale.ROOT).split(",")).contains("stats")) {
            try {
                p.put("shareUsageBytes", fileStore().usageBytes(ref(id)));
            } catch (IOException e) {
                throw new ArmException(500, new ArmError(ArmErrorCode.InternalServerError.name(),
                        "Could not measure the share '" + id.name() + "': " + e.getMessage(), null));
            }
        }
        return n;
    }

    @Override
    public ExternalClient<FileShareSpec> connect() {
        return new ExternalClient<>() {
            @Override
            public Observation observe(ResourceId id, FileShareSpec desired) {
                return fileStore().shareExists(ref(id)) ? Observation.present(Map.of()) : Observation.absent();
            }

            @Override
            public Outcome create(ResourceId id, FileShareSpec desired) {
                try {
                    fileStore().createShare(ref(id));
                    return Outcome.done();
                } catch (IOException e) {
                    return failure("create", id, e);
                }
            }

            @Override public Outcome update(ResourceId id, FileShareSpec desired) { return create(id, desired); }

            @Override
            public Outcome delete(ResourceId id) {
                try {
                    fileStore().deleteShare(ref(id));
                    return Outcome.done();
                } catch (IOException e) {
                    return failure("delete", id, e);
                }
            }
        };
    }

    private static Outcome failure(String verb, ResourceId id, IOException e) {
        return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(),
                "Could not " + verb + " the share '" + id.name() + "' on the appliance's disk: " + e.getMessage(), id.name()));
    }

    /** Azure's rule and code: 3-63 lower-case letters, digits and single hyphens; {@code InvalidResourceName} otherwise. */
    @Override
    public void validateName(ResourceId id) {
        if (!ShareNames.isValid(id.name())) {
            throw ArmErrorCode.InvalidResourceName.exception("The specifed resource name contains invalid characters. ('" + id.name()
                    + "': a share name is " + ShareNames.RULE + ")", "name");
        }
    }

    @Override public boolean hasLocation() { return false; }

    @Override public boolean hasSystemData(ApiVersion version) { return false; }
}
