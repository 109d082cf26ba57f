package io.strato.template;

import java.util.Map;

/** The fixed scopes tests deploy into. */
public final class TestScopes {
    public static final DeploymentScope RESOURCE_GROUP = new DeploymentScope("11111111-1111-1111-1111-111111111111",
            "00000000-0000-0000-0000-000000000000", "my-rg", "westus", Map.of("env", "test"), "test-deployment", null);
    public static final DeploymentScope SUBSCRIPTION = new DeploymentScope("11111111-1111-1111-1111-111111111111",
            "00000000-0000-0000-0000-000000000000", null, "westus", Map.of(), "test-deployment", null);

    public static final DeploymentScope TENANT = new DeploymentScope("11111111-1111-1111-1111-111111111111",
            null, null, "westus", Map.of(), "test-deployment", null);

    private TestScopes() {}
}
