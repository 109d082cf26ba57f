package io.strato.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed ARM resource id:
 * {@code /subscriptions/{s}[/resourceGroups/{rg}][/providers/{ns}/{type}/{name}[/{type}/{name}]...]}, or a
 * tenant-level resource {@code /providers/{ns}/{type}/{name}...} (no subscription: a tenant deployment, say).
 * Equality ignores case (ARM ids are case-insensitive); {@link #toString()} renders the canonical casing
 * of the fixed segments ({@code resourceGroups}, {@code providers}) and keeps names as given.
 */
public final class ResourceId {
    private final String subscriptionId;      // null for a tenant-level resource
    private final String resourceGroup;        // null at subscription scope
    private final String namespace;            // null for a subscription or a resource group
    private final List<String[]> typeNamePairs; // each {type, name}

    private ResourceId(String subscriptionId, String resourceGroup, String namespace, List<String[]> pairs) {
        this.subscriptionId = subscriptionId;
        this.resourceGroup = resourceGroup;
        this.namespace = namespace;
        this.typeNamePairs = List.copyOf(pairs);
    }

    public static ResourceId subscription(String subscriptionId) {
        return new ResourceId(subscriptionId, null, null, List.of());
    }

    public static ResourceId resourceGroup(String subscriptionId, String group) {
        return new ResourceId(subscriptionId, group, null, List.of());
    }

    /** A top-level or nested resource in a group: names.length == type.types().size(). */
    public static ResourceId resource(String subscriptionId, String group, ResourceType type, String... names) {
        if (names.length != type.types().size()) {
            throw new IllegalArgumentException("need one name per type segment of " + type);
        }
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < names.length; i++) pairs.add(new String[] {type.types().get(i), names[i]});
        return new ResourceId(subscriptionId, group, type.namespace(), pairs);
    }

    /** Parses an id; throws {@link IllegalArgumentException} when it is not a well-formed ARM id. */
    public static ResourceId parse(String id) {
        if (id == null || !id.startsWith("/")) throw new IllegalArgumentException("a resource id starts with '/': " + id);
        String[] s = id.substring(1).split("/", -1);
        if (s.length >= 4 && s[0].equalsIgnoreCase("providers")) return new ResourceId(null, null, s[1], pairs(s, 2, id));
        if (s.length < 2 || !s[0].equalsIgnoreCase("subscriptions") || s[1].isEmpty()) {
            throw new IllegalArgumentException("a resource id starts with /subscriptions/{id}: " + id);
        }
        String sub = s[1];
        int i = 2;
        String group = null;
        if (s.length > i && s[i].equalsIgnoreCase("resourceGroups")) {
            if (s.length < i + 2 || s[i + 1].isEmpty()) throw new IllegalArgumentException("missing resource group name: " + id);
            group = s[i + 1];
            i += 2;
        }
        if (s.length == i) return new ResourceId(sub, group, null, List.of());
        if (!s[i].equalsIgnoreCase("providers") || s.length < i + 4) {
            throw new IllegalArgumentException("expected /providers/{namespace}/{type}/{name}: " + id);
        }
        return new ResourceId(sub, group, s[i + 1], pairs(s, i + 2, id));
    }

    private static List<String[]> pairs(String[] s, int from, String id) {
        if (s[from - 1].isEmpty()) throw new IllegalArgumentException("missing namespace: " + id);
        List<String[]> pairs = new ArrayList<>();
        for (int j = from; j < s.length; j += 2) {
            if (j + 1 >= s.length || s[j].isEmpty() || s[j + 1].isEmpty()) {
                throw new IllegalArgumentException("every resource type needs a name: " + id);
            }
            pairs.add(new String[] {s[j], s[j + 1]});
        }
        return pairs;
    }

    public static Optional<ResourceId> tryParse(String id) {
        try {
            return Optional.of(parse(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The subscription; null for a tenant-level resource ({@link #atTenant()}). */
    public String subscriptionId() { return subscriptionId; }

    /** A resource outside any subscription: {@code /providers/{ns}/{type}/{name}...}. */
    public boolean atTenant() { return subscriptionId == null; }

    public Optional<String> resourceGroup() { return Optional.ofNullable(resourceGroup); }

    public boolean isSubscription() { return resourceGroup == null && namespace == null; }

    public boolean isResourceGroup() { return resourceGroup != null && namespace == null; }

    public boolean isResource() { return namespace != null; }

    /** The type of this id; resource groups are {@code Microsoft.Resources/resourceGroups}. */
    public ResourceType type() {
        if (isSubscription()) return ResourceType.of("Microsoft.Resources", "subscriptions");
        if (isResourceGroup()) return ResourceType.of("Microsoft.Resources", "resourceGroups");
        return ResourceType.of(namespace, typeNamePairs.stream().map(p -> p[0]).toArray(String[]::new));
    }

    /** The last name: the resource's own name, the group's name or the subscription id. */
    public String name() {
        if (isSubscription()) return subscriptionId;
        if (isResourceGroup()) return resourceGroup;
        return typeNamePairs.get(typeNamePairs.size() - 1)[1];
    }

    public List<String> names() { return typeNamePairs.stream().map(p -> p[1]).toList(); }

    /** The enclosing resource (for a child), group, or subscription. */
    public ResourceId parent() {
        if (typeNamePairs.size() > 1) {
            return new ResourceId(subscriptionId, resourceGroup, namespace, typeNamePairs.subList(0, typeNamePairs.size() - 1));
        }
        if (atTenant()) throw new IllegalStateException("a top-level tenant resource has no parent id: " + this);
        if (isResource()) return resourceGroup == null ? subscription(subscriptionId) : resourceGroup(subscriptionId, resourceGroup);
        if (isResourceGroup()) return subscription(subscriptionId);
        return this;
    }

    public ResourceId child(String type, String name) {
        if (!isResource()) throw new IllegalStateException("only a resource has children: " + this);
        List<String[]> pairs = new ArrayList<>(typeNamePairs);
        pairs.add(new String[] {type, name});
        return new ResourceId(subscriptionId, resourceGroup, namespace, pairs);
    }

    /** The lower-cased form used as the storage key. */
    public String key() { return toString().toLowerCase(Locale.ROOT); }

    @Override
    public boolean equals(Object o) { return o instanceof ResourceId r && key().equals(r.key()); }

    @Override
    public int hashCode() { return key().hashCode(); }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (subscriptionId != null) b.append("/subscriptions/").append(subscriptionId);
        if (resourceGroup != null) b.append("/resourceGroups/").append(resourceGroup);
        if (namespace != null) {
            b.append("/providers/").append(namespace);
            for (String[] p : typeNamePairs) b.append('/').append(p[0]).append('/').append(p[1]);
        }
        return b.toString();
    }
}
