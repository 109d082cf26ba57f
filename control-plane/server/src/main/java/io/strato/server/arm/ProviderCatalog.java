package io.strato.server.arm;

import io.strato.model.ResourceType;
import io.strato.server.boot.ApplianceSettings;
import io.strato.server.persistence.EncryptedSecretVault;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.strato.spi.EmbeddedChild;
import io.strato.spi.ProviderContext;
import io.strato.spi.StoredResources;
import jakarta.enterprise.event.Observes;
import io.strato.spi.ResourceProvider;
import io.strato.spi.ResourceTypeHandler;
import io.strato.spi.SecretVault;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The resource providers found on the class path (ServiceLoader), configured once at start-up, and the
 * index from resource type to handler that routing uses.
 */
@ApplicationScoped
public class ProviderCatalog {
    private static final Logger LOG = Logger.getLogger(ProviderCatalog.class);

    @Inject ApplianceSettings settings;
    @Inject EncryptedSecretVault vault;
    @Inject Config config;
    @Inject StoredResourcesView stored;
    @Inject io.strato.server.blob.LoopbackBlobDownloads blobDownloads;

    private final Map<String, ResourceProvider> providers = new LinkedHashMap<>();
    private final Map<String, ResourceTypeHandler<?>> handlers = new LinkedHashMap<>();

    @PostConstruct
    void load() {
        for (ResourceProvider p : ServiceLoader.load(ResourceProvider.class, ProviderCatalog.class.getClassLoader())) {
            p.configure(context(p.namespace()));
            providers.put(p.namespace().toLowerCase(Locale.ROOT), p);
            for (ResourceTypeHandler<?> h : p.resourceTypes()) {
                handlers.put(h.type().key(), h);
                addEmbedded(h);
            }
            LOG.infof("resource provider %s: %d resource types", p.namespace(), p.resourceTypes().size());
        }
    }

    private <P> void addEmbedded(ResourceTypeHandler<P> parent) {
        for (EmbeddedChild<P> child : parent.embeddedChildren()) {
            handlers.putIfAbsent(child.type().key(), new EmbeddedChildHandler<>(parent, child));
        }
    }

    /**
     * Lets every provider re-create its host state from the store once the appliance is up. A provider that fails
     * is logged and skipped: its resources report what their drivers observe, and the next write repairs them.
     */
    void resume(@Observes StartupEvent ev) {
        for (ResourceProvider p : resumeOrder()) {
            try {
                QuarkusTransaction.requiringNew().run(p::resume);
            } catch (RuntimeException e) {
                LOG.errorf(e, "resource provider %s could not restore its host state", p.namespace());
            }
            List<ResourceProvider.ResumeStep> steps;
            try {
                steps = QuarkusTransaction.requiringNew().call(p::resumeSteps);
            } catch (RuntimeException e) {
                LOG.errorf(e, "resource provider %s could not list what to restore", p.namespace());
                continue;
            }
            // one transaction per step: a hundred VM boots must not share (and time out) one transaction
            for (ResourceProvider.ResumeStep step : steps) {
                try {
                    QuarkusTransaction.requiringNew().run(step.work());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "resource provider %s could not restore %s", p.namespace(), step.what());
                }
            }
        }
    }

    /** Providers in an order where each comes after the namespaces it names in {@link ResourceProvider#resumeAfter}. */
    List<ResourceProvider> resumeOrder() {
        List<ResourceProvider> ordered = new ArrayList<>();
        java.util.Set<String> placed = new java.util.HashSet<>();
        List<ResourceProvider> pending = new ArrayList<>(providers.values());
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                ResourceProvider p = it.next();
                boolean ready = p.resumeAfter().stream().map(n -> n.toLowerCase(Locale.ROOT))
                        .allMatch(n -> placed.contains(n) || !providers.containsKey(n));
                if (ready) {
                    ordered.add(p);
                    placed.add(p.namespace().toLowerCase(Locale.ROOT));
                    it.remove();
                    progress = true;
                }
            }
            if (!progress) {
                ordered.addAll(pending);
                break;
            }
        }
        return ordered;
    }

    private ProviderContext context(String namespace) {
        SecretVault secrets = vault;
        return new ProviderContext() {
            @Override public Optional<String> setting(String name) { return config.getOptionalValue(name, String.class); }
            @Override public Path dataDirectory() { return settings.dataDir().resolve("providers").resolve(namespace.toLowerCase(Locale.ROOT)); }
            @Override public String storageEndpointSuffix() { return settings.storageEndpointSuffix(); }
            @Override public String baseUrl() { return settings.baseUrl(); }
            @Override public SecretVault secrets() { return secrets; }
            @Override public StoredResources resources() { return stored; }
            @Override public <T> Optional<T> service(Class<T> type) {
                if (type == io.strato.spi.BlobDownloads.class) return Optional.of(type.cast(blobDownloads));
                for (ResourceProvider p : providers.values()) {
                    Optional<T> s = p.service(type);
                    if (s.isPresent()) return s;
                }
                return Optional.empty();
            }
            @Override public String applianceTag() { return settings.applianceId().replace("-", "").substring(0, 6).toLowerCase(Locale.ROOT); }
        };
    }

    public Collection<ResourceProvider> providers() { return providers.values(); }

    public Optional<ResourceProvider> provider(String namespace) { return Optional.ofNullable(providers.get(namespace.toLowerCase(Locale.ROOT))); }

    public Optional<ResourceTypeHandler<?>> handler(ResourceType type) { return Optional.ofNullable(handlers.get(type.key())); }

    public List<ResourceTypeHandler<?>> handlers() { return new ArrayList<>(handlers.values()); }
}
