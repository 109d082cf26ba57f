package io.strato.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A resource type such as {@code Microsoft.Storage/storageAccounts} or
 * {@code Microsoft.Storage/storageAccounts/blobServices/containers}. Equality ignores case, as ARM does;
 * {@link #toString()} keeps the canonical spelling it was created with.
 */
public final class ResourceType {
    private final String namespace;
    private final List<String> types;

    private ResourceType(String namespace, List<String> types) {
        this.namespace = namespace;
        this.types = List.copyOf(types);
    }

    public static ResourceType of(String namespace, String... types) {
        if (namespace == null || namespace.isBlank() || types.length == 0) {
            throw new IllegalArgumentException("a resource type needs a namespace and at least one type");
        }
        return new ResourceType(namespace, Arrays.asList(types));
    }

    /** Parses {@code Namespace/type[/child...]}. */
    public static ResourceType parse(String text) {
        String[] parts = text.split("/");
        if (parts.length < 2) throw new IllegalArgumentException("not a resource type: " + text);
        return new ResourceType(parts[0], Arrays.asList(parts).subList(1, parts.length));
    }

    public String namespace() { return namespace; }

    public List<String> types() { return types; }

    /** The type path without the namespace: {@code storageAccounts/blobServices}. */
    public String typePath() { return String.join("/", types); }

    public String lastType() { return types.get(types.size() - 1); }

    public boolean isChild() { return types.size() > 1; }

    public ResourceType child(String type) {
        String[] t = types.toArray(new String[types.size() + 1]);
        t[types.size()] = type;
        return new ResourceType(namespace, Arrays.asList(t));
    }

    public String key() { return toString().toLowerCase(Locale.ROOT); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceType r && key().equals(r.key());
    }

    @Override
    public int hashCode() { return key().hashCode(); }

    @Override
    public String toString() { return namespace + "/" + typePath(); }
}
