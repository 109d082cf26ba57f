package io.strato.server.arm;

import io.strato.model.ArmErrorCode;
import io.strato.server.persistence.ResourceStore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $filter} expressions ARM list routes accept: {@code resourceType eq '...'}, {@code resourceGroup eq '...'}, {@code name eq '...'} (what {@code az network lb create} sends),
 * {@code tagName eq '...' [and tagValue eq '...']}, {@code substringof('...', name)},
 * joined with {@code and}. Anything else is refused with a clear error rather than ignored.
 */
public final class ODataFilter {
    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(?:(resourceType|tagName|tagValue|resourceGroup|name)\\s+eq\\s+'((?:[^']|'')*)'|substringof\\(\\s*'((?:[^']|'')*)'\\s*,\\s*name\\s*\\))\\s*",
            Pattern.CASE_INSENSITIVE);

    private ODataFilter() {}

    public static ResourceStore.Filter apply(String filter, ResourceStore.Filter base, boolean groups) {
        if (filter == null || filter.isBlank()) return base;
        ResourceStore.Filter f = base;
        String tagName = null, tagValue = null;
        for (String clause : filter.split("(?i)\\s+and\\s+")) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) throw invalid(filter);
            if (m.group(3) != null) {
                f = f.withNameContaining(m.group(3).replace("''", "'"));
                continue;
            }
            String value = m.group(2).replace("''", "'");
            switch (m.group(1).toLowerCase()) {
                case "resourcetype" -> {
                    if (groups) throw invalid(filter);
                    f = f.withType(value.toLowerCase());
                }
                case "tagname" -> tagName = value;
                case "tagvalue" -> tagValue = value;
                case "resourcegroup" -> f = f.withGroup(value.toLowerCase());
                case "name" -> f = f.withName(value);
                default -> throw invalid(filter);
            }
        }
        if (tagValue != null && tagName == null) throw invalid(filter);
        return tagName == null ? f : f.withTag(tagName, tagValue);
    }

    private static RuntimeException invalid(String filter) {
        return ArmErrorCode.InvalidRequestParameter.exception("The $filter '" + filter + "' is not supported. Supported are: "
                + "resourceType eq '...', resourceGroup eq '...', name eq '...', tagName eq '...' [and tagValue eq '...'], substringof('...', name).", "$filter");
    }
}
