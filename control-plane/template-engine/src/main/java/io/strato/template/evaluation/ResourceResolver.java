package io.strato.template.evaluation;

import java.util.List;
import java.util.Optional;

/** Maps what reference() is given (symbolic name, declared name, or id) to declared resources. Supplied by expansion. */
public interface ResourceResolver {
    /** A resource reference() may name: its id and declared api-version (null when unknown). */
    record Target(String resourceId, String apiVersion) {}

    Optional<Target> resolve(String nameOrSymbolOrId);

    /** The instances of a symbolic copy collection, in copy order. */
    List<Target> collection(String symbolicName);

    ResourceResolver NONE = new ResourceResolver() {
        @Override
        public Optional<Target> resolve(String target) { return Optional.empty(); }

        @Override
        public List<Target> collection(String symbolicName) { return List.of(); }
    };
}
