package io.strato.template.document;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Azure Stack Hub API profiles: the api-version a resource without {@code apiVersion} gets from the template's
 * {@code apiProfile}. Keys are a namespace ({@code microsoft.network}) or a more specific full type
 * ({@code microsoft.compute/disks}); the most specific entry wins.
 *
 * <p>Sources: 2020-09-01-hybrid from ../shared/specs/README.md (azure-rest-api-specs profile tags, Azure CLI
 * AZURE_API_PROFILES); 2019-03-01-hybrid and 2018-03-01-hybrid from Microsoft's "Resource provider API versions
 * supported by profiles in Azure Stack Hub" page and the CLI profile table (Compute/Network/Storage/KeyVault/Resources).
 */
public final class ApiProfiles {
    /** Used by providers() when a template names no profile. */
    public static final String DEFAULT_PROFILE = "2020-09-01-hybrid";

    private static final Map<String, Map<String, String>> PROFILES = Map.of(
            "2018-03-01-hybrid", Map.ofEntries(
                    Map.entry("microsoft.compute", "2017-03-30"),
                    Map.entry("microsoft.network", "2017-10-01"),
                    Map.entry("microsoft.network/dnszones", "2016-04-01"),
                    Map.entry("microsoft.storage", "2016-01-01"),
                    Map.entry("microsoft.keyvault", "2016-10-01"),
                    Map.entry("microsoft.resources", "2016-02-01"),
                    Map.entry("microsoft.resources/subscriptions", "2016-06-01"),
                    Map.entry("microsoft.authorization", "2016-09-01"),
                    Map.entry("microsoft.authorization/roleassignments", "2015-07-01"),
                    Map.entry("microsoft.authorization/roledefinitions", "2015-07-01"),
                    Map.entry("microsoft.authorization/policydefinitions", "2016-12-01"),
                    Map.entry("microsoft.authorization/policyassignments", "2016-12-01"),
                    Map.entry("microsoft.insights", "2015-04-01"),
                    Map.entry("microsoft.web", "2016-08-01")),
            "2019-03-01-hybrid", Map.ofEntries(
                    Map.entry("microsoft.compute", "2017-12-01"),
                    Map.entry("microsoft.compute/disks", "2017-03-30"),
                    Map.entry("microsoft.compute/snapshots", "2017-03-30"),
                    Map.entry("microsoft.network", "2017-10-01"),
                    Map.entry("microsoft.network/dnszones", "2016-04-01"),
                    Map.entry("microsoft.storage", "2017-10-01"),
                    Map.entry("microsoft.keyvault", "2016-10-01"),
                    Map.entry("microsoft.resources", "2018-05-01"),
                    Map.entry("microsoft.resources/subscriptions", "2016-06-01"),
                    Map.entry("microsoft.authorization", "2016-09-01"),
                    Map.entry("microsoft.authorization/roleassignments", "2015-07-01"),
                    Map.entry("microsoft.authorization/roledefinitions", "2015-07-01"),
                    Map.entry("microsoft.authorization/policydefinitions", "2016-12-01"),
                    Map.entry("microsoft.authorization/policyassignments", "2016-12-01"),
                    Map.entry("microsoft.insights", "2017-05-01-preview"),
                    Map.entry("microsoft.web", "2018-02-01")),
            "2020-09-01-hybrid", Map.ofEntries(
                    Map.entry("microsoft.compute", "2020-06-01"),
                    Map.entry("microsoft.compute/disks", "2019-07-01"),
                    Map.entry("microsoft.compute/snapshots", "2019-07-01"),
                    Map.entry("microsoft.network", "2018-11-01"),
                    Map.entry("microsoft.network/dnszones", "2016-04-01"),
                    Map.entry("microsoft.storage", "2019-06-01"),
                    Map.entry("microsoft.keyvault", "2019-09-01"),
                    Map.entry("microsoft.resources", "2019-10-01"),
                    Map.entry("microsoft.resources/subscriptions", "2016-06-01"),
                    Map.entry("microsoft.resources/links", "2016-09-01"),
                    Map.entry("microsoft.authorization", "2016-09-01"),
                    Map.entry("microsoft.authorization/roleassignments", "2015-07-01"),
                    Map.entry("microsoft.authorization/roledefinitions", "2015-07-01"),
                    Map.entry("microsoft.authorization/policydefinitions", "2016-12-01"),
                    Map.entry("microsoft.authorization/policyassignments", "2016-12-01"),
                    Map.entry("microsoft.insights", "2018-01-01"),
                    Map.entry("microsoft.web", "2018-02-01"),
                    Map.entry("microsoft.commerce", "2015-06-01-preview"),
                    Map.entry("microsoft.eventhub", "2018-01-01-preview"),
                    Map.entry("microsoft.devices", "2019-07-01-preview"),
                    Map.entry("microsoft.databoxedge", "2019-08-01")));

    private ApiProfiles() {}

    public static boolean known(String profile) {
        return profile != null && PROFILES.containsKey(profile.toLowerCase(Locale.ROOT));
    }

    /** The api-version for {@code fullType} (e.g. {@code Microsoft.Compute/virtualMachines/extensions}) in the profile. */
    public static Optional<String> apiVersion(String profile, String fullType) {
        if (profile == null || fullType == null) return Optional.empty();
        Map<String, String> table = PROFILES.get(profile.toLowerCase(Locale.ROOT));
        if (table == null) return Optional.empty();
        String key = fullType.toLowerCase(Locale.ROOT);
        while (true) {
            String v = table.get(key);
            if (v != null) return Optional.of(v);
            int slash = key.lastIndexOf('/');
            if (slash < 0) return Optional.empty();
            key = key.substring(0, slash);
        }
    }
}
