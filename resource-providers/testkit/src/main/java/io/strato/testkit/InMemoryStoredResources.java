package io.strato.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.StoredResource;
import io.strato.spi.StoredResources;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@link StoredResources} over a map, for unit tests: put the specs the server would have stored, then let a handler
 * read them. Locks are not modelled ({@link #findForUpdate} is {@link #find}).
 */
public final class InMemoryStoredResources implements StoredResources {
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private final Map<String, StoredResource> rows = new ConcurrentSkipListMap<>();

    /** Stores {@code spec} (a handler's spec record) as the server would, with state {@code Succeeded}. */
    public InMemoryStoredResources put(ResourceId id, Object spec) {
        rows.put(id.key(), new StoredResource(id, Optional.of("local"), MAPPER.valueToTree(spec), "Succeeded"));
        return this;
    }

    public InMemoryStoredResources remove(ResourceId id) {
        rows.remove(id.key());
        return this;
    }

    @Override
    public Optional<StoredResource> find(ResourceId id) { return Optional.ofNullable(rows.get(id.key())); }

    @Override
    public Optional<StoredResource> findForUpdate(ResourceId id) { return find(id); }

    @Override
    public List<StoredResource> list(String subscriptionId, ResourceType type) {
        return rows.values().stream()
                .filter(r -> r.id().subscriptionId().toLowerCase(Locale.ROOT).equals(subscriptionId.toLowerCase(Locale.ROOT)))
                .filter(r -> r.id().type().equals(type))
                .sorted(Comparator.comparing(r -> r.id().key())).toList();
    }

    @Override
    public List<StoredResource> listAll(ResourceType type) {
        return rows.values().stream().filter(r -> r.id().type().equals(type)).sorted(Comparator.comparing(r -> r.id().key())).toList();
    }
}
