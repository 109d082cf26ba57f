-- Strato's state. Resources are JSON documents with indexed, lower-cased key columns so that a list page
-- is an index range scan whatever the number of rows.
CREATE TABLE appliance_setting (
    name  text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE subscription (
    id           text PRIMARY KEY,          -- lower-cased GUID
    display_name text NOT NULL,
    tenant_id    text NOT NULL,
    state        text NOT NULL,
    tags         jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL
);

CREATE TABLE provider_registration (
    subscription_id text NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    namespace_key   text NOT NULL,
    state           text NOT NULL,
    PRIMARY KEY (subscription_id, namespace_key)
);

CREATE TABLE resource (
    id_key             text PRIMARY KEY,    -- lower-cased resource id
    id                 text NOT NULL,       -- the id with names as created
    subscription_id    text NOT NULL,       -- lower-cased
    resource_group     text,                -- lower-cased; the group's own name for a group row
    type_key           text NOT NULL,       -- lower-cased resource type
    name_key           text NOT NULL,       -- lower-cased last name
    global_name        boolean NOT NULL DEFAULT false,
    location           text,
    tags               jsonb NOT NULL DEFAULT '{}'::jsonb,
    spec               jsonb NOT NULL,      -- the handler's spec (never secrets)
    provisioning_state text NOT NULL,
    etag               text NOT NULL,
    created_at         timestamptz NOT NULL,
    created_by         text,
    created_by_type    text,
    modified_at        timestamptz NOT NULL,
    modified_by        text,
    modified_by_type   text
);
CREATE INDEX resource_by_subscription ON resource (subscription_id, id_key);
CREATE INDEX resource_by_group ON resource (subscription_id, resource_group, id_key);
CREATE INDEX resource_by_type ON resource (subscription_id, type_key, id_key);
CREATE INDEX resource_by_tags ON resource USING gin (tags jsonb_path_ops);
CREATE UNIQUE INDEX resource_global_names ON resource (type_key, name_key) WHERE global_name;

CREATE TABLE async_operation (
    id              uuid PRIMARY KEY,
    subscription_id text NOT NULL,
    kind            text NOT NULL,          -- create | update | delete | delete-group
    resource_id     text NOT NULL,
    api_version     text NOT NULL,
    status          text NOT NULL,          -- InProgress | Succeeded | Failed | Canceled
    error           jsonb,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz
);
CREATE INDEX async_operation_open ON async_operation (status) WHERE status = 'InProgress';

CREATE TABLE resource_secret (
    owner_key  text NOT NULL,               -- lower-cased resource id
    name       text NOT NULL,
    ciphertext bytea NOT NULL,              -- AES-256-GCM: 12-byte nonce || ciphertext+tag
    PRIMARY KEY (owner_key, name)
);

-- db-scheduler's table: durable jobs any replica can claim
CREATE TABLE scheduled_tasks (
    task_name            text NOT NULL,
    task_instance        text NOT NULL,
    task_data            bytea,
    execution_time       timestamptz NOT NULL,
    picked               boolean NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures int,
    last_heartbeat       timestamptz,
    version              bigint NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- tag names are case-insensitive in ARM, tag values are compared as given; '' matches any value
CREATE FUNCTION strato_tag_match(tags jsonb, tag_name text, tag_value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$
    SELECT EXISTS (SELECT 1 FROM jsonb_each_text(tags) t
                   WHERE lower(t.key) = lower(tag_name) AND (tag_value = '' OR t.value = tag_value))
$$;
