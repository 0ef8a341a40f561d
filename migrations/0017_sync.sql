-- Branch sync (issue 13). A standalone device never writes these tables; a
-- device joined to a hub keeps its credential and cursor here, and the row
-- images of its changes queue in sync_queue (written by triggers installed
-- when it joins, in the changing transaction itself) until the hub has them.

CREATE TABLE sync_config (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    hub_url      TEXT NOT NULL,
    shop_id      TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    token        TEXT NOT NULL,
    branch_code  TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    -- The hub's sequence up to which this device has applied others' changes.
    pulled_seq   INTEGER NOT NULL DEFAULT 0 CHECK (pulled_seq >= 0),
    -- The newest outbox entry whose rows the hub had when the upload queue
    -- last ran empty: the counter's "changes waiting" are the entries after.
    outbox_synced INTEGER NOT NULL DEFAULT 0,
    joined_at    TEXT NOT NULL,
    last_sync_at TEXT,
    last_error   TEXT
);

-- The upload queue: one row image per changed row, numbered in commit order
-- (AUTOINCREMENT never reuses a number, so (device, seq) names a change).
CREATE TABLE sync_queue (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl      TEXT NOT NULL,
    row_key  TEXT NOT NULL,
    data     TEXT,
    base_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_queue_row ON sync_queue (tbl, row_key);

-- The hub's sequence of the newest version of each row this device has seen:
-- the base a local change is made on.
CREATE TABLE sync_versions (
    tbl     TEXT NOT NULL,
    row_key TEXT NOT NULL,
    hub_seq INTEGER NOT NULL,
    PRIMARY KEY (tbl, row_key)
) WITHOUT ROWID;

-- Set while pulled changes are applied, so the capture triggers stay quiet.
CREATE TABLE sync_applying (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    active INTEGER NOT NULL
);
INSERT INTO sync_applying (id, active) VALUES (1, 0);

-- A pulled change this device could not apply as it stands (the same phone
-- for two customers, a serial sold twice): kept for people, never dropped.
CREATE TABLE sync_conflicts (
    id       TEXT PRIMARY KEY,
    hub_seq  INTEGER NOT NULL,
    tbl      TEXT NOT NULL,
    row_key  TEXT NOT NULL,
    reason   TEXT NOT NULL,
    data     TEXT,
    at       TEXT NOT NULL
);
