package io.strato.provider.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Storage accounts on the appliance's local disk: an account is the folder
 * {@code {dataDirectory}/accounts/{lower-cased name}}, and exists once its {@code account.json} marker has been
 * written (atomically: a temporary file moved into place). The Blob contents of the account live in that folder
 * ({@link io.strato.provider.storage.blob.LocalDiskBlobStore}), so deleting the account deletes them.
 * Keys are generated on create and forgotten on delete through {@link StorageAccountKeys}.
 *
 * <p>Account names are unique on the appliance, so a folder already owned by another resource id is reported
 * as {@code StorageAccountAlreadyTaken} rather than touched.
 */
public final class LocalDiskStorageAccountDriver implements ExternalClient<StorageAccountSpec> {
    static final String MARKER = "account.json";
    /** The folder, under the provider's data directory, holding one folder per account. */
    static final String ACCOUNTS = "accounts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path accounts;
    private final StorageAccountKeys keys;

    /** What {@code account.json} holds: the owning resource id and the last applied spec (never keys). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Marker(String id, StorageAccountSpec spec) {}

    public LocalDiskStorageAccountDriver(Path dataDirectory, StorageAccountKeys keys) {
        this.accounts = dataDirectory.resolve(ACCOUNTS);
        this.keys = keys;
    }

    /**
     * The folder of an account; later features keep the account's data under it.
     *
     * @throws IllegalArgumentException for a name the handler would have refused (it could escape the folder)
     */
    public Path folder(ResourceId id) {
        String name = id.name().toLowerCase(Locale.ROOT);
        if (!StorageAccountNames.isValid(name)) throw new IllegalArgumentException("not a storage account name: " + id.name());
        return accounts.resolve(name);
    }

    @Override
    public Observation observe(ResourceId id, StorageAccountSpec desired) {
        return readMarker(id)
                .filter(m -> ResourceId.parse(m.id()).equals(id))
                .map(m -> Observation.present(Map.of("creationTime", m.spec().creationTime().toString())))
                .orElse(Observation.absent());
    }

    @Override
    public Outcome create(ResourceId id, StorageAccountSpec desired) {
        Optional<Marker> marker = readMarker(id);
        if (marker.isPresent() && !ResourceId.parse(marker.get().id()).equals(id)) {
            return Outcome.failed(new ArmError(ArmErrorCode.StorageAccountAlreadyTaken.name(),
                    StorageAccountNames.takenMessage(id.name()), id.name()));
        }
        return write(id, desired);
    }

    /** Records the new spec; an account that vanished from disk is made again. */
    @Override
    public Outcome update(ResourceId id, StorageAccountSpec desired) {
        return create(id, desired);
    }

    @Override
    public Outcome delete(ResourceId id) {
        Optional<Marker> marker = readMarker(id);
        if (marker.isPresent() && !ResourceId.parse(marker.get().id()).equals(id)) {
            keys.delete(id);
            return Outcome.done(); // the folder belongs to another account: this one is already gone
        }
        try {
            Path folder = folder(id);
            Files.deleteIfExists(folder.resolve(MARKER));
            if (Files.exists(folder)) {
                try (Stream<Path> paths = Files.walk(folder)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(LocalDiskStorageAccountDriver::deleteIfExists);
                }
            }
            keys.delete(id);
            return Outcome.done();
        } catch (IOException | UncheckedIOException e) {
            return failure("delete", id, e);
        }
    }

    private Outcome write(ResourceId id, StorageAccountSpec desired) {
        try {
            Path folder = Files.createDirectories(folder(id));
            keys.ensure(id);
            Path temp = Files.createTempFile(folder, MARKER, ".tmp");
            try {
                JSON.writeValue(temp.toFile(), new Marker(id.toString(), desired));
                Files.move(temp, folder.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return Outcome.done();
        } catch (IOException e) {
            return failure("write", id, e);
        }
    }

    /** The marker of the folder {@code id} would use; empty when there is none or it cannot be read. */
    private Optional<Marker> readMarker(ResourceId id) {
        Path marker = folder(id).resolve(MARKER);
        if (!Files.isRegularFile(marker)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(marker), Marker.class));
        } catch (IOException e) {
            return Optional.empty(); // removed meanwhile, or unreadable: create writes it again
        }
    }

    private static void deleteIfExists(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome failure(String verb, ResourceId id, Exception e) {
        return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(),
                "Could not " + verb + " storage account '" + id.name() + "' on the appliance's disk: " + e.getMessage(), id.name()));
    }
}
