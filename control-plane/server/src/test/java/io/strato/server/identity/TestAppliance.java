package io.strato.server.identity;

import io.strato.server.boot.ApplianceSettings;
import java.nio.file.Path;

/** {@link ApplianceSettings} with fixed values, without a database. */
final class TestAppliance extends ApplianceSettings {
    static final String TENANT = "5e1f0a6c-7a32-4bb1-9b8e-0f4b1d1c2a01";
    static final String AUDIENCE = "https://management.strato.local/8c3d4e5f-aaaa-bbbb-cccc-0123456789ab";
    static final String BASE_URL = "https://127.0.0.1:8443";

    private final String tenant;
    private final Path data;

    TestAppliance(Path data) {
        this(TENANT, data);
    }

    TestAppliance(String tenant, Path data) {
        this.tenant = tenant;
        this.data = data;
    }

    @Override
    public String tenantId() { return tenant; }

    @Override
    public String audience() { return AUDIENCE; }

    @Override
    public String baseUrl() { return BASE_URL; }

    @Override
    public Path dataDir() { return data; }
}
