-- The Blob data plane's metadata. Contents are files in the account's folder (LocalDiskBlobStore); a blob is
-- visible once its row is committed, which happens only after its content file is whole and on disk.
-- Rows hang off the container's resource row, so deleting a container (or its account, or its group) deletes them.
CREATE TABLE blob (
    container_key       text COLLATE "C" NOT NULL REFERENCES resource (id_key) ON DELETE CASCADE,
    name                text COLLATE "C" NOT NULL,  -- byte order: List Blobs pages walk the primary key
    content_id          uuid NOT NULL,
    size                bigint NOT NULL,
    etag                text NOT NULL,
    created_at          timestamptz NOT NULL,
    modified_at         timestamptz NOT NULL,
    content_type        text,
    content_encoding    text,
    content_language    text,
    content_disposition text,
    cache_control       text,
    content_md5         text,
    metadata            jsonb NOT NULL DEFAULT '{}'::jsonb,
    blocks              jsonb,                      -- committed block list [{"id","size"}] of Put Block List
    PRIMARY KEY (container_key, name)
);

-- Uncommitted blocks (Put Block), until a Put Block List commits or the blob is deleted.
CREATE TABLE blob_block (
    container_key text COLLATE "C" NOT NULL REFERENCES resource (id_key) ON DELETE CASCADE,
    blob_name     text COLLATE "C" NOT NULL,
    block_id      text NOT NULL,
    content_id    uuid NOT NULL,
    size          bigint NOT NULL,
    staged_at     timestamptz NOT NULL,
    PRIMARY KEY (container_key, blob_name, block_id)
);

-- blobServices/default exists under every account; accounts made before it was served get theirs now.
INSERT INTO resource (id_key, id, subscription_id, resource_group, type_key, name_key, global_name, location, tags, spec,
                      provisioning_state, etag, created_at, modified_at)
SELECT id_key || '/blobservices/default', id || '/blobServices/default', subscription_id, resource_group,
       'microsoft.storage/storageaccounts/blobservices', 'default', false, NULL, '{}'::jsonb, '{}'::jsonb, 'Succeeded',
       '"' || md5(random()::text || id_key) || '"', created_at, modified_at
FROM resource WHERE type_key = 'microsoft.storage/storageaccounts'
ON CONFLICT (id_key) DO NOTHING;
