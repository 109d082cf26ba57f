package io.strato.server.blob;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.provider.storage.FileServiceHandler;
import io.strato.provider.storage.FileShareHandler;
import io.strato.provider.storage.FileShareSpec;
import io.strato.provider.storage.blob.BlobErrorCode;
import io.strato.provider.storage.file.FileErrorCode;
import io.strato.provider.storage.file.FileShareStore;
import io.strato.server.arm.ProviderCatalog;
import io.strato.server.arm.Resources;
import io.strato.server.arm.Specs;
import io.strato.server.blob.BlobAccounts.Account;
import io.strato.server.gateway.Json;
import io.strato.server.jobs.Reconciler;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * File shares as the File endpoint sees them: the share rows of the resource table, read directly, and written through
 * the server's one write path ({@link Resources#upsert}, the {@link Reconciler}'s delete), so ARM and the File
 * endpoint always agree and a share made on either side is a folder of the storage driver.
 */
@ApplicationScoped
public class FileShares {
    private static final ApiVersion VERSION = ApiVersion.parse("2022-09-01");

    @Inject DataSource dataSource;
    @Inject ProviderCatalog catalog;
    @Inject Resources resources;
    @Inject ResourceStore store;
    @Inject Reconciler reconciler;

    /** One share: its name, spec and ETag. */
    public record Share(String name, FileShareSpec spec, String etag) {}

    static String prefix(Account a) { return a.id().key() + "/fileservices/default/shares/"; }

    private static ResourceId shareId(Account a, String name) {
        return a.id().child(FileServiceHandler.TYPE.lastType(), FileServiceHandler.NAME).child(FileShareHandler.TYPE.lastType(), name);
    }

    private FileShareHandler handler() {
        return (FileShareHandler) catalog.handler(FileShareHandler.TYPE).orElseThrow();
    }

    public FileShareStore fileStore() { return handler().fileStore(); }

    public Optional<Share> share(Account a, String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement("SELECT id, spec, etag FROM resource WHERE id_key = ?")) {
            p.setString(1, prefix(a) + name.toLowerCase(Locale.ROOT));
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(share(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read shares", e);
        }
    }

    /** Shares of the account whose names start with {@code prefix}, from {@code from} on, at most {@code limit}. */
    public List<Share> shares(Account a, String prefix, String from, int limit) {
        String parent = prefix(a);
        String lower = parent + (from != null && from.compareTo(prefix) > 0 ? from : prefix);
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT id, spec, etag FROM resource WHERE id_key >= ? AND id_key < ? AND starts_with(id_key, ?) ORDER BY id_key LIMIT ?")) {
            p.setString(1, lower);
            p.setString(2, parent.substring(0, parent.length() - 1) + "0");
            p.setString(3, parent + prefix);
            p.setInt(4, limit);
            List<Share> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(share(r));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list shares", e);
        }
    }

    private static Share share(ResultSet r) throws SQLException {
        ResourceId id = ResourceId.parse(r.getString(1));
        return new Share(id.name(), Specs.read(r.getString(2), FileShareSpec.class), r.getString(3));
    }

    /** Creates a share through the one write path; {@code ShareAlreadyExists} when it exists. */
    @ActivateRequestContext
    @Transactional
    public void create(Account a, String name, Consumer<ObjectNode> properties) {
        ResourceId id = shareId(a, name);
        if (store.findForUpdate(id.key()).isPresent()) throw FileErrorCode.ShareAlreadyExists.exception();
        upsert(id, properties);
    }

    /** Changes the properties a File request names (quota, tier, metadata); the rest stays. */
    @ActivateRequestContext
    @Transactional
    public void update(Account a, String name, Consumer<ObjectNode> properties) {
        ResourceId id = shareId(a, name);
        store.findForUpdate(id.key()).orElseThrow(FileErrorCode.ShareNotFound::exception);
        upsert(id, properties);
    }

    private void upsert(ResourceId id, Consumer<ObjectNode> properties) {
        ObjectNode body = Json.object();
        properties.accept(body.putObject("properties"));
        try {
            resources.upsert(id, handler(), VERSION, VERSION.toString(), body, null, null, true);
        } catch (ArmException e) {
            BlobErrorCode code = "InvalidHeaderValue".equals(e.error().code()) ? BlobErrorCode.InvalidHeaderValue : BlobErrorCode.InvalidInput;
            throw code.exception(e.error().message());
        }
    }

    /** Deletes a share and everything in it through the reconciler's delete. */
    @ActivateRequestContext
    @Transactional
    public void delete(Account a, String name) {
        ResourceEntity e = store.findForUpdate(shareId(a, name).key()).orElseThrow(FileErrorCode.ShareNotFound::exception);
        Outcome o = reconciler.removeNow(e);
        if (o instanceof Outcome.Failed f) throw BlobErrorCode.InternalError.exception(f.error().message());
        if (!(o instanceof Outcome.Done)) throw FileErrorCode.ShareBeingDeleted.exception();
    }
}
