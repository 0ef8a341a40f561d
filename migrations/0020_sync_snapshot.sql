-- A device that joins a shop downloads the shop's rows as the hub holds
-- them (a page per table at a time), then follows the change log from the
-- hub's head read before its first page. `snapshot_pending`: the download
-- is still to do or under way; `snapshot_head`: that head; the table and
-- the last key loaded say where it goes on after a stop.
ALTER TABLE sync_config ADD COLUMN snapshot_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_config ADD COLUMN snapshot_head INTEGER;
ALTER TABLE sync_config ADD COLUMN snapshot_table TEXT;
ALTER TABLE sync_config ADD COLUMN snapshot_after TEXT;
