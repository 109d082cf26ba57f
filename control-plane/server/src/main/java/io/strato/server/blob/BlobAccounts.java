package io.strato.server.blob;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.provider.storage.BlobContainerHandler;
import io.strato.provider.storage.BlobContainerSpec;
import io.strato.provider.storage.BlobServiceHandler;
import io.strato.provider.storage.StorageAccountHandler;
import io.strato.provider.storage.StorageAccountKeys;
import io.strato.provider.storage.StorageAccountSpec;
import io.strato.provider.storage.blob.BlobErrorCode;
import io.strato.provider.storage.blob.BlobStore;
import io.strato.server.arm.ProviderCatalog;
import io.strato.server.arm.Resources;
import io.strato.server.arm.Specs;
import io.strato.server.gateway.Json;
import io.strato.server.jobs.Reconciler;
import io.strato.server.persistence.EncryptedSecretVault;
import io.strato.server.persistence.ResourceEntity;
import io.strato.server.persistence.ResourceStore;
import io.strato.spi.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Storage accounts and containers as the Blob endpoint sees them. Reads go straight to the resource table; container
 * creation, changes and deletion go through the server's one write path ({@link Resources#upsert} and the
 * {@link Reconciler}), so ARM and the Blob endpoint always agree. An account and its keys are cached for
 * {@link #ACCOUNT_TTL}: a regenerated key is refused at most that long after.
 */
@ApplicationScoped
public class BlobAccounts {
    static final Duration ACCOUNT_TTL = Duration.ofSeconds(2);
    private static final ApiVersion VERSION = ApiVersion.parse("2022-09-01");

    @Inject DataSource dataSource;
    @Inject EncryptedSecretVault vault;
    @Inject ProviderCatalog catalog;
    @Inject Resources resources;
    @Inject ResourceStore store;
    @Inject Reconciler reconciler;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> loading = new ConcurrentHashMap<>();
    private volatile StorageAccountKeys keys;

    /** One storage account: its id, settings and key values (never logged). */
    public record Account(ResourceId id, String name, StorageAccountSpec spec, String provisioningState, List<String> keys) {
        @Override public String toString() { return "Account[" + id + "]"; }

        public String containerKey(String container) {
            return id.key() + "/blobservices/default/containers/" + container.toLowerCase(Locale.ROOT);
        }
    }

    /** One container: its resource key, spec, ETag and time of last change. */
    public record Container(String key, String name, BlobContainerSpec spec, String etag, Instant lastModified) {}

    private record Cached(Account account, Instant until) {}

    /** The account named {@code name}; {@code ResourceNotFound} when there is none. */
    public Account account(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Cached c = cache.get(key);
        Instant now = Instant.now();
        if (c != null && c.until().isAfter(now)) return c.account();
        // one loader per account: when the entry expires under load, the other requests wait for it instead of
        // all reading the account and its keys at once (and draining the connection pool)
        synchronized (loading.computeIfAbsent(key, k -> new Object())) {
            c = cache.get(key);
            if (c != null && c.until().isAfter(Instant.now())) return c.account();
            Account a = load(key);
            if ("Succeeded".equals(a.provisioningState())) cache.put(key, new Cached(a, Instant.now().plus(ACCOUNT_TTL)));
            return a;
        }
    }

    /** Forgets a cached account (after it is deleted or its keys change on this replica). */
    public void forget(String name) { cache.remove(name.toLowerCase(Locale.ROOT)); }

    /**
     * Runs {@code authorize} against the account; when the cached keys refuse the signature, runs it once more against
     * the account read again ({@link #refreshed}), and returns the account that authorized the request.
     */
    public Account authorized(Account a, java.util.function.Consumer<Account> authorize) {
        try {
            authorize.accept(a);
            return a;
        } catch (io.strato.provider.storage.blob.BlobServiceException refused) {
            if (!refused.code().name().equals("AuthenticationFailed")) throw refused;
            Account fresh = refreshed(a).orElseThrow(() -> refused);
            authorize.accept(fresh);
            return fresh;
        }
    }

    /** How long after loading an account a refusal may not re-read it: failed requests cannot make every request a read. */
    static final Duration REFRESH_AFTER = Duration.ofMillis(250);

    /**
     * The account read again when its cached keys refused a request, if the stored account differs (a regenerated key,
     * or an account deleted and made again under the same name): the endpoint then accepts the new keys at once
     * rather than after {@link #ACCOUNT_TTL}. Empty when nothing changed or the cached copy is fresh.
     */
    public Optional<Account> refreshed(Account refused) {
        String key = refused.name().toLowerCase(Locale.ROOT);
        Cached c = cache.get(key);
        if (c == null || c.account() != refused || c.until().minus(ACCOUNT_TTL).plus(REFRESH_AFTER).isAfter(Instant.now())) return Optional.empty();
        cache.remove(key, c);
        Account fresh = account(key);
        return fresh.id().equals(refused.id()) && fresh.keys().equals(refused.keys()) ? Optional.empty() : Optional.of(fresh);
    }

    private Account load(String name) {
        ResourceId id;
        StorageAccountSpec spec;
        String state;
        // the connection is returned before the keys are read: the vault takes a connection of its own
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT id, spec, provisioning_state FROM resource WHERE type_key = ? AND name_key = ? AND global_name")) {
            p.setString(1, StorageAccountHandler.TYPE.key());
            p.setString(2, name);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) throw BlobErrorCode.ResourceNotFound.exception("The storage account '" + name + "' does not exist on this appliance.");
                id = ResourceId.parse(r.getString(1));
                spec = Specs.read(r.getString(2), StorageAccountSpec.class);
                state = r.getString(3);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read storage accounts", e);
        }
        List<String> values = keys().list(id).stream().map(StorageAccountKeys.AccountKey::value).toList();
        return new Account(id, name, spec, state, values);
    }

    private StorageAccountKeys keys() {
        if (keys == null) keys = new StorageAccountKeys(vault, Clock.systemUTC());
        return keys;
    }

    public BlobStore blobStore() { return containerHandler().blobStore(); }

    private BlobContainerHandler containerHandler() {
        return (BlobContainerHandler) catalog.handler(BlobContainerHandler.TYPE).orElseThrow();
    }

    public Optional<Container> container(Account a, String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT id, spec, etag FROM resource WHERE id_key = ?")) {
            p.setString(1, a.containerKey(name));
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(container(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read containers", e);
        }
    }

    /** Containers of the account whose names start with {@code prefix}, from {@code from} on, at most {@code limit}. */
    public List<Container> containers(Account a, String prefix, String from, int limit) {
        String parent = a.id().key() + "/blobservices/default/containers/";
        String lower = parent + (from != null && from.compareTo(prefix) > 0 ? from : prefix);
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT id, spec, etag FROM resource WHERE id_key >= ? AND id_key < ? AND starts_with(id_key, ?) ORDER BY id_key LIMIT ?")) {
            p.setString(1, lower);
            p.setString(2, parent.substring(0, parent.length() - 1) + "0");
            p.setString(3, parent + prefix);
            p.setInt(4, limit);
            List<Container> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(container(r));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list containers", e);
        }
    }

    private static Container container(ResultSet r) throws SQLException {
        ResourceId id = ResourceId.parse(r.getString(1));
        BlobContainerSpec spec = Specs.read(r.getString(2), BlobContainerSpec.class);
        return new Container(id.key(), id.name(), spec, r.getString(3), spec.lastModified());
    }

    private ResourceId containerId(Account a, String name) {
        return a.id().child(BlobServiceHandler.TYPE.lastType(), BlobServiceHandler.NAME).child(BlobContainerHandler.TYPE.lastType(), name);
    }

    /** Creates a container through the one write path; {@code ContainerAlreadyExists} when it exists. */
    @ActivateRequestContext
    @Transactional
    public void create(Account a, String name, String publicAccess, Map<String, String> metadata) {
        ResourceId id = containerId(a, name);
        if (store.findForUpdate(id.key()).isPresent()) throw BlobErrorCode.ContainerAlreadyExists.exception();
        upsert(id, publicAccess, metadata);
    }

    /** Changes a container's metadata, or its access level and stored access policies (Set Container ACL). */
    @ActivateRequestContext
    @Transactional
    public void update(Account a, String name, Optional<String> publicAccess, Optional<Map<String, String>> metadata,
                       Optional<List<BlobContainerSpec.SignedIdentifier>> identifiers) {
        ResourceId id = containerId(a, name);
        ResourceEntity e = store.findForUpdate(id.key()).orElseThrow(BlobErrorCode.ContainerNotFound::exception);
        BlobContainerSpec before = Specs.read(e.spec, BlobContainerSpec.class);
        upsert(id, publicAccess.orElse(before.publicAccess()), metadata.orElse(before.metadata()));
        if (identifiers.isPresent()) {
            BlobContainerSpec now = Specs.read(e.spec, BlobContainerSpec.class);
            e.spec = Specs.write(new BlobContainerSpec(now.publicAccess(), now.metadata(), now.lastModified(), identifiers.get()));
        }
    }

    private void upsert(ResourceId id, String publicAccess, Map<String, String> metadata) {
        ObjectNode body = Json.object();
        ObjectNode props = body.putObject("properties");
        props.put("publicAccess", publicAccess);
        ObjectNode m = props.putObject("metadata");
        metadata.forEach(m::put);
        try {
            resources.upsert(id, containerHandler(), VERSION, VERSION.toString(), body, null, null, true);
        } catch (ArmException e) {
            throw BlobErrorCode.InvalidInput.exception(e.error().message());
        }
    }

    /** Deletes a container and everything in it through the reconciler's delete. */
    @ActivateRequestContext
    @Transactional
    public void delete(Account a, String name) {
        ResourceEntity e = store.findForUpdate(containerId(a, name).key()).orElseThrow(BlobErrorCode.ContainerNotFound::exception);
        Outcome o = reconciler.removeNow(e);
        if (o instanceof Outcome.Failed f) throw BlobErrorCode.InternalError.exception(f.error().message());
        if (!(o instanceof Outcome.Done)) throw BlobErrorCode.ContainerBeingDeleted.exception();
    }
}
