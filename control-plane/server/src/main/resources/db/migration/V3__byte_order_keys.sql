-- Keys compare byte by byte, whatever the database's default collation: "starts with this id" then becomes an
-- index range (id_key > 'x/' AND id_key < 'x0'), and keyset pages walk the indexes in the order they are built.
ALTER TABLE resource ALTER COLUMN id_key TYPE text COLLATE "C";
ALTER TABLE resource ALTER COLUMN subscription_id TYPE text COLLATE "C";
ALTER TABLE resource ALTER COLUMN resource_group TYPE text COLLATE "C";
ALTER TABLE resource ALTER COLUMN type_key TYPE text COLLATE "C";
ALTER TABLE deployment ALTER COLUMN id_key TYPE text COLLATE "C";
ALTER TABLE deployment ALTER COLUMN scope_key TYPE text COLLATE "C";
