package io.strato.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    final RouteTable.Handler groups = (r, v) -> Response.ok("groups").build();
    final RouteTable.Handler group = (r, v) -> Response.ok(v.get("rg")).build();
    final RouteTable table = new RouteTable()
            .route("GET", "subscriptions/{s}/resourcegroups", groups)
            .route("GET", "subscriptions/{s}/resourcegroups/{rg}", group);

    @Test
    void literalSegmentsMatchWhateverTheirCaseAndVariablesKeepTheirs() {
        var m = table.match("GET", List.of("SUBSCRIPTIONS", "abc", "ResourceGroups", "MyGroup")).orElseThrow();
        assertThat(m.handler()).isSameAs(group);
        assertThat(m.vars()).containsEntry("rg", "MyGroup").containsEntry("s", "abc");
    }

    @Test
    void aPathThatMatchesOnlyWithAnotherMethodIsKnownButNotMatched() {
        List<String> path = List.of("subscriptions", "abc", "resourcegroups");
        assertThat(table.match("DELETE", path)).isEmpty();
        assertThat(table.matchesAnyMethod(path)).isTrue();
        assertThat(table.matchesAnyMethod(List.of("subscriptions", "abc", "nothing"))).isFalse();
    }
}
