package io.strato.provider.storage;

import io.strato.provider.storage.blob.BlobStore;
import io.strato.provider.storage.blob.InMemoryBlobStore;
import io.strato.provider.storage.blob.LocalDiskBlobStore;
import io.strato.provider.storage.file.FileShareStore;
import io.strato.provider.storage.file.InMemoryFileShareStore;
import io.strato.provider.storage.file.LocalDiskFileShareStore;
import io.strato.spi.ExternalClient;
import io.strato.spi.ProviderAction;
import io.strato.spi.ProviderContext;
import io.strato.spi.ResourceProvider;
import io.strato.spi.ResourceTypeHandler;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code Microsoft.Storage} namespace: storage accounts, their blob service and containers, their file service
 * and shares, and
 * {@code checkNameAvailability}. Found through
 * {@link java.util.ServiceLoader}; {@link #configure} must run before the first request, and picks the driver
 * named by {@value #DRIVER_SETTING} ({@value #DEFAULT_DRIVER} when unset) from {@link #DRIVERS}.
 */
public final class StorageProvider implements ResourceProvider {
    public static final String NAMESPACE = "Microsoft.Storage";
    public static final String DRIVER_SETTING = "strato.storage.driver";
    public static final String DEFAULT_DRIVER = "local";

    /** Makes a driver over the appliance's context; keys are generated and deleted through {@code keys}. */
    @FunctionalInterface
    interface DriverFactory {
        ExternalClient<StorageAccountSpec> create(ProviderContext context, StorageAccountKeys keys);
    }

    /** The drivers {@value #DRIVER_SETTING} can name. */
    static final Map<String, DriverFactory> DRIVERS = Map.of(
            "local", (context, keys) -> new LocalDiskStorageAccountDriver(context.dataDirectory(), keys),
            "memory", (context, keys) -> new InMemoryStorageAccountDriver(keys));

    /** The Blob content stores, by the same setting: files in each account's folder, or memory for unit tests. */
    static final Map<String, java.util.function.Function<ProviderContext, BlobStore>> BLOB_STORES = Map.of(
            "local", context -> new LocalDiskBlobStore(context.dataDirectory().resolve(LocalDiskStorageAccountDriver.ACCOUNTS)),
            "memory", context -> new InMemoryBlobStore());

    /** The file share stores, by the same setting: folders in each account's folder, or memory for unit tests. */
    static final Map<String, java.util.function.Function<ProviderContext, FileShareStore>> FILE_STORES = Map.of(
            "local", context -> new LocalDiskFileShareStore(context.dataDirectory().resolve(LocalDiskStorageAccountDriver.ACCOUNTS)),
            "memory", context -> new InMemoryFileShareStore());

    private final Clock clock;
    private final StorageAccountHandler accounts;
    private final BlobServiceHandler blobServices = new BlobServiceHandler();
    private final BlobContainerHandler containers;
    private final StorageAccounts storedAccounts = new StorageAccounts();
    private final FileServiceHandler fileServices = new FileServiceHandler(storedAccounts);
    private final FileShareHandler shares;
    private final List<ProviderAction> actions = List.of(new CheckNameAvailabilityAction());

    public StorageProvider() {
        this(Clock.systemUTC());
    }

    StorageProvider(Clock clock) {
        this.clock = clock;
        this.accounts = new StorageAccountHandler(clock);
        this.containers = new BlobContainerHandler(clock);
        this.shares = new FileShareHandler(clock, storedAccounts);
    }

    @Override
    public String namespace() { return NAMESPACE; }

    @Override
    public List<ResourceTypeHandler<?>> resourceTypes() { return List.of(accounts, blobServices, containers, fileServices, shares); }

    @Override
    public List<ProviderAction> actions() { return actions; }

    /**
     * Chooses the driver and hands the context to the handlers.
     *
     * @throws IllegalArgumentException when {@value #DRIVER_SETTING} names no known driver
     */
    @Override
    public void configure(ProviderContext context) {
        String name = context.setting(DRIVER_SETTING).map(String::trim).filter(s -> !s.isEmpty())
                .orElse(DEFAULT_DRIVER).toLowerCase(Locale.ROOT);
        DriverFactory factory = DRIVERS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown " + DRIVER_SETTING + " '" + name + "'; the drivers are "
                    + String.join(", ", new TreeSet<>(DRIVERS.keySet())) + ".");
        }
        StorageAccountKeys keys = new StorageAccountKeys(context.secrets(), clock);
        accounts.configure(context, keys, factory.create(context, keys));
        containers.configure(BLOB_STORES.get(name).apply(context));
        storedAccounts.configure(context);
        shares.configure(FILE_STORES.get(name).apply(context));
    }
}
