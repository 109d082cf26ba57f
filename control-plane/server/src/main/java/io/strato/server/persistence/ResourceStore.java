package io.strato.server.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queries over stored resources. Every list is a keyset page ordered by the lower-cased id: the next page
 * starts after the last id of this one, so page cost does not grow with the number of rows.
 */
@ApplicationScoped
public class ResourceStore {
    public static final String GROUP_TYPE = "microsoft.resources/resourcegroups";

    @Inject EntityManager em;

    public Optional<ResourceEntity> find(String idKey) { return Optional.ofNullable(em.find(ResourceEntity.class, idKey)); }

    public Optional<ResourceEntity> findForUpdate(String idKey) {
        return Optional.ofNullable(em.find(ResourceEntity.class, idKey, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE));
    }

    public void persist(ResourceEntity e) { em.persist(e); }

    public void remove(ResourceEntity e) { em.remove(em.contains(e) ? e : em.merge(e)); }

    public boolean globalNameTaken(String typeKey, String nameKey) {
        return !em.createQuery("select r.idKey from ResourceEntity r where r.typeKey = :t and r.nameKey = :n and r.globalName = true", String.class)
                .setParameter("t", typeKey).setParameter("n", nameKey).setMaxResults(1).getResultList().isEmpty();
    }

    /** A filter on a list: all conditions must hold. Null fields do not filter. */
    public record Filter(String subscriptionId, String resourceGroup, String typeKey, boolean groupsOnly,
                         String tagName, String tagValue, String nameContains, String childrenOfPrefix, String nameEquals) {
        public static Filter subscription(String sub) { return new Filter(sub, null, null, false, null, null, null, null, null); }

        public Filter withGroup(String g) { return new Filter(subscriptionId, g, typeKey, groupsOnly, tagName, tagValue, nameContains, childrenOfPrefix, nameEquals); }

        public Filter withType(String t) { return new Filter(subscriptionId, resourceGroup, t, groupsOnly, tagName, tagValue, nameContains, childrenOfPrefix, nameEquals); }

        public Filter groups() { return new Filter(subscriptionId, resourceGroup, GROUP_TYPE, true, tagName, tagValue, nameContains, childrenOfPrefix, nameEquals); }

        public Filter withTag(String name, String value) { return new Filter(subscriptionId, resourceGroup, typeKey, groupsOnly, name, value, nameContains, childrenOfPrefix, nameEquals); }

        public Filter childrenOf(String idKey) { return new Filter(subscriptionId, resourceGroup, typeKey, groupsOnly, tagName, tagValue, nameContains, idKey, nameEquals); }

        /** Exactly this name (ignoring case). */
        public Filter withName(String n) { return new Filter(subscriptionId, resourceGroup, typeKey, groupsOnly, tagName, tagValue, nameContains, childrenOfPrefix, n); }

        public Filter withNameContaining(String s) { return new Filter(subscriptionId, resourceGroup, typeKey, groupsOnly, tagName, tagValue, s, childrenOfPrefix, nameEquals); }
    }

    /** One page of at most {@code limit} rows after {@code afterIdKey} (exclusive); fetches one more to know if a next page exists. */
    public List<ResourceEntity> page(Filter f, String afterIdKey, int limit) {
        StringBuilder q = new StringBuilder("select r from ResourceEntity r where r.subscriptionId = :sub");
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("sub", f.subscriptionId());
        if (f.resourceGroup() != null) {
            q.append(" and r.resourceGroup = :rg");
            params.put("rg", f.resourceGroup());
        }
        if (f.typeKey() != null) {
            q.append(" and r.typeKey = :type");
            params.put("type", f.typeKey());
        } else {
            q.append(" and r.typeKey <> :grouptype");
            params.put("grouptype", GROUP_TYPE);
            // a generic list answers top-level resources only, as ARM's does: children are reached through their parent
            if (f.childrenOfPrefix() == null && !f.groupsOnly()) q.append(" and r.typeKey not like '%/%/%'");
        }
        // every list is a range of the byte-ordered keys ('0' follows '/'), so a page walks one index range
        String prefix = f.childrenOfPrefix() != null ? f.childrenOfPrefix()
                : f.resourceGroup() != null ? "/subscriptions/" + f.subscriptionId() + "/resourcegroups/" + f.resourceGroup()
                : "/subscriptions/" + f.subscriptionId();
        if (f.groupsOnly()) prefix = "/subscriptions/" + f.subscriptionId() + "/resourcegroups";
        q.append(" and r.idKey > :lo and r.idKey < :hi");
        params.put("lo", prefix + "/");
        params.put("hi", prefix + "0");
        if (afterIdKey != null) {
            q.append(" and r.idKey > :after");
            params.put("after", afterIdKey);
        }
        if (f.nameEquals() != null) {
            q.append(" and r.nameKey = :exactName");
            params.put("exactName", f.nameEquals().toLowerCase(java.util.Locale.ROOT));
        }
        if (f.nameContains() != null) {
            q.append(" and r.nameKey like :name escape '\\'");
            params.put("name", "%" + f.nameContains().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (f.tagName() != null) {
            // tag names are case-insensitive; stored keys keep their case, so match through a lower-cased key set
            q.append(" and function('strato_tag_match', r.tags, :tagName, :tagValue) = true");
            params.put("tagName", f.tagName());
            params.put("tagValue", f.tagValue() == null ? "" : f.tagValue());
        }
        q.append(" order by r.idKey");
        TypedQuery<ResourceEntity> query = em.createQuery(q.toString(), ResourceEntity.class);
        params.forEach(query::setParameter);
        return new ArrayList<>(query.setMaxResults(limit + 1).getResultList());
    }

    /** Every resource of a type, in one subscription or (null) the whole appliance, ordered by id. */
    public List<ResourceEntity> ofType(String subscriptionId, String typeKey) {
        String q = "select r from ResourceEntity r where r.typeKey = :t" + (subscriptionId == null ? "" : " and r.subscriptionId = :s") + " order by r.idKey";
        TypedQuery<ResourceEntity> query = em.createQuery(q, ResourceEntity.class).setParameter("t", typeKey);
        if (subscriptionId != null) query.setParameter("s", subscriptionId);
        return query.getResultList();
    }

    /** Every resource inside a group (not the group row), deepest children first, for deletion. */
    public List<ResourceEntity> contentsOfGroup(String subscriptionId, String group) {
        List<ResourceEntity> all = em.createQuery(
                        "select r from ResourceEntity r where r.subscriptionId = :s and r.resourceGroup = :g and r.typeKey <> :gt",
                        ResourceEntity.class)
                .setParameter("s", subscriptionId).setParameter("g", group).setParameter("gt", GROUP_TYPE).getResultList();
        List<ResourceEntity> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> Integer.compare(depth(b.idKey), depth(a.idKey)));
        return sorted;
    }

    /** Direct and indirect children of a resource: an index range over the byte-ordered keys. */
    public List<ResourceEntity> childrenOf(String idKey) {
        return em.createQuery("select r from ResourceEntity r where r.idKey > :lo and r.idKey < :hi order by r.idKey", ResourceEntity.class)
                .setParameter("lo", idKey + "/").setParameter("hi", idKey + "0").getResultList();
    }

    private static int depth(String id) { return id.split("/").length; }
}
