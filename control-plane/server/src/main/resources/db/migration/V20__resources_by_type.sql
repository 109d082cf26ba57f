-- Every stored resource of one type across the appliance (the network provider re-reads its topology after each change
-- and at start-up): an index range on the type instead of a scan when other types hold a million rows.
CREATE INDEX resource_by_type_only ON resource (type_key, id_key);
