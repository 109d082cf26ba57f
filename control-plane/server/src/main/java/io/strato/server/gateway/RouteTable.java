package io.strato.server.gateway;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ARM routes as a table: a method, a path pattern of literal segments (matched case-insensitively, as ARM
 * does) and {@code {variables}}, and the handler. The first matching entry wins, so specific routes come first.
 */
public final class RouteTable {
    @FunctionalInterface
    public interface Handler { Response handle(ArmRequest request, Map<String, String> vars); }

    private record Route(String method, String[] pattern, Handler handler) {}

    public record Match(Handler handler, Map<String, String> vars) {}

    private final List<Route> routes = new ArrayList<>();

    public RouteTable route(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern.split("/"), handler));
        return this;
    }

    /** The route for a path; {@code methodAllowed} is false when only the method differs. */
    public Optional<Match> match(String method, List<String> segments) {
        for (Route r : routes) {
            if (!r.method.equals(method)) continue;
            Map<String, String> vars = matchPattern(r.pattern, segments);
            if (vars != null) return Optional.of(new Match(r.handler, vars));
        }
        return Optional.empty();
    }

    public boolean matchesAnyMethod(List<String> segments) {
        return routes.stream().anyMatch(r -> matchPattern(r.pattern, segments) != null);
    }

    private static Map<String, String> matchPattern(String[] pattern, List<String> segments) {
        if (pattern.length != segments.size()) return null;
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{")) {
                if (segments.get(i).isEmpty()) return null;
                vars.put(p.substring(1, p.length() - 1), segments.get(i));
            } else if (!p.toLowerCase(Locale.ROOT).equals(segments.get(i).toLowerCase(Locale.ROOT))) {
                return null;
            }
        }
        return vars;
    }
}
