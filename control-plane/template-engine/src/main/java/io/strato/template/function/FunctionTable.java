package io.strato.template.function;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The built-in functions, one table built from every {@code *Functions} category; names are case-insensitive. */
public final class FunctionTable {
    private static final FunctionTable BUILT_INS = new FunctionTable(List.of(
            DeploymentFunctions.definitions(), ScopeFunctions.definitions(), ResourceFunctions.definitions(),
            StringFunctions.definitions(), ArrayFunctions.definitions(), ComparisonFunctions.definitions(),
            LogicalFunctions.definitions(), NumericFunctions.definitions(), ObjectFunctions.definitions(),
            DateFunctions.definitions(), LambdaFunctions.definitions(), CidrFunctions.definitions()));
    private static final FunctionDefinition GENERIC_LIST = ResourceFunctions.genericList();

    private final Map<String, FunctionDefinition> byName = new LinkedHashMap<>();

    private FunctionTable(List<List<FunctionDefinition>> categories) {
        for (List<FunctionDefinition> category : categories) {
            for (FunctionDefinition d : category) {
                if (byName.put(d.name().toLowerCase(Locale.ROOT), d) != null) {
                    throw new IllegalStateException("function registered twice: " + d.name());
                }
            }
        }
    }

    public static FunctionTable builtIns() { return BUILT_INS; }

    /** The definition for {@code name} (ignoring case and a {@code sys.} prefix); any {@code list<Suffix>} is a list action. */
    public Optional<FunctionDefinition> find(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.startsWith("sys.")) key = key.substring(4);
        FunctionDefinition d = byName.get(key);
        if (d == null && key.startsWith("list") && key.length() > 4) d = GENERIC_LIST;
        return Optional.ofNullable(d);
    }

    public Collection<FunctionDefinition> all() { return Collections.unmodifiableCollection(new ArrayList<>(byName.values())); }
}
