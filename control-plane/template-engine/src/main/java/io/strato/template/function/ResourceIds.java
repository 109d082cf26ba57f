package io.strato.template.function;

import java.util.ArrayList;
import java.util.List;

/** Building resource ids from a scope, a full type ({@code ns/type[/child]}) and names. */
public final class ResourceIds {
    private ResourceIds() {}

    /** The number of names a full type needs: {@code Microsoft.Network/virtualNetworks/subnets} needs 2. */
    public static int nameCount(String fullType) {
        return fullType.split("/", -1).length - 1;
    }

    /** {@code scopeId + /providers/ns/t1/n1/t2/n2}; names may hold '/'-joined segments. */
    public static String build(String scopeId, String fullType, List<String> names) {
        // Azure tolerates a trailing '/' on the type ('Microsoft.Compute/disks/'), common in older templates
        while (fullType.endsWith("/")) fullType = fullType.substring(0, fullType.length() - 1);
        String[] t = fullType.split("/", -1);
        List<String> segments = new ArrayList<>();
        for (String n : names) segments.addAll(List.of(n.split("/", -1)));
        if (t.length < 2 || segments.size() != t.length - 1) {
            throw new IllegalArgumentException("Unable to evaluate template language function 'resourceId': the type '" + fullType
                    + "' requires " + (t.length - 1) + " resource name segment(s) but " + segments.size() + " were provided.");
        }
        StringBuilder b = new StringBuilder(scopeId == null ? "" : scopeId);
        if (fullType.equalsIgnoreCase("Microsoft.Resources/resourceGroups") && scopeId != null && scopeId.matches("(?i)/subscriptions/[^/]+")) {
            return b.append("/resourceGroups/").append(segments.get(0)).toString();
        }
        if (fullType.equalsIgnoreCase("Microsoft.Resources/subscriptions") && (scopeId == null || scopeId.isEmpty())) {
            return "/subscriptions/" + segments.get(0);
        }
        b.append("/providers/").append(t[0]);
        for (int i = 1; i < t.length; i++) b.append('/').append(t[i]).append('/').append(segments.get(i - 1));
        return b.toString();
    }

    public static String scope(String subscriptionId, String resourceGroup) {
        if (subscriptionId == null) return "";   // the tenant: ids start at /providers
        return "/subscriptions/" + subscriptionId + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup);
    }
}
