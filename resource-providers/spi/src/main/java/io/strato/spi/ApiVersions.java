package io.strato.spi;

import io.strato.model.ApiVersion;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The api-versions Azure has published for a type, and the shapes Strato implements. A request at any
 * published version is served with the nearest implemented shape at or below it (or the oldest shape when
 * the version predates them all).
 */
public record ApiVersions(NavigableSet<ApiVersion> published, NavigableSet<ApiVersion> shapes) {
    public static ApiVersions of(List<String> published, List<String> shapes) {
        NavigableSet<ApiVersion> p = published.stream().map(ApiVersion::parse).collect(Collectors.toCollection(TreeSet::new));
        NavigableSet<ApiVersion> s = shapes.stream().map(ApiVersion::parse).collect(Collectors.toCollection(TreeSet::new));
        p.addAll(s);
        return new ApiVersions(p, s);
    }

    public boolean isPublished(ApiVersion v) { return published.contains(v); }

    /** The implemented shape that serves {@code v}. */
    public ApiVersion shapeFor(ApiVersion v) {
        ApiVersion floor = shapes.floor(v);
        return floor != null ? floor : shapes.first();
    }

    /** Versions as Azure lists them in errors: newest first, comma separated. */
    public String describe() {
        return published.descendingSet().stream().map(ApiVersion::toString).collect(Collectors.joining(", "));
    }

    public ApiVersion newest() { return published.descendingSet().stream().filter(v -> !v.isPreview()).findFirst().orElse(published.last()); }

    public static Map<String, ApiVersions> none() { return Map.of(); }
}
