-- Small blobs keep their bytes in their row (inline_content), written in the same transaction as their metadata:
-- one WAL flush makes both durable, where a file would need its own flush and its folder's. Their content_id is
-- NULL; larger blobs keep theirs and a file. A row has exactly one of the two.
ALTER TABLE blob ALTER COLUMN content_id DROP NOT NULL;
ALTER TABLE blob ADD COLUMN inline_content bytea;
-- blob bytes rarely compress: store them out of line without trying
ALTER TABLE blob ALTER COLUMN inline_content SET STORAGE EXTERNAL;
ALTER TABLE blob ADD CONSTRAINT blob_content_in_one_place CHECK ((content_id IS NULL) <> (inline_content IS NULL));
