-- Template deployments (Microsoft.Resources/deployments) and their per-resource operations.
CREATE TABLE deployment (
    id_key             text PRIMARY KEY,        -- lower-cased deployment id
    id                 text NOT NULL,
    scope_key          text NOT NULL,           -- lower-cased id of the subscription or group it deploys to
    name               text NOT NULL,
    mode               text NOT NULL,           -- Incremental | Complete
    provisioning_state text NOT NULL,           -- Accepted | Running | Succeeded | Failed | Canceled
    template           jsonb NOT NULL,
    parameters         jsonb NOT NULL,          -- evaluated, secure values removed (they live encrypted in resource_secret)
    template_hash      text NOT NULL,
    outputs            jsonb,
    output_resources   jsonb,
    error              jsonb,
    correlation_id     text NOT NULL,
    api_version        text NOT NULL,
    on_error           jsonb,
    parent_key         text,                    -- the deployment that runs this one as a nested deployment
    created_by         text,
    created_by_type    text,
    started_at         timestamptz NOT NULL,
    ended_at           timestamptz
);
CREATE INDEX deployment_by_scope ON deployment (scope_key, started_at);

CREATE TABLE deployment_operation (
    id                 uuid PRIMARY KEY,
    deployment_key     text NOT NULL REFERENCES deployment (id_key) ON DELETE CASCADE,
    wave               int NOT NULL,
    resource_id        text NOT NULL,
    resource_type      text NOT NULL,
    resource_name      text NOT NULL,
    provisioning_state text NOT NULL,           -- Running | Succeeded | Failed
    status_code        text,
    status_message     jsonb,
    async_operation    uuid,                    -- the resource's own long-running operation, while it runs
    started_at         timestamptz NOT NULL,
    ended_at           timestamptz
);
CREATE INDEX deployment_operation_by_deployment ON deployment_operation (deployment_key, wave);
