-- Branch sync, facts for people (issue 13): one customer may arrive twice
-- (the same phone taken in at two counters while apart) and is merged by a
-- person, not by the database; a conflict's resolution is a row that
-- travels like any other; each queued change names the staff member who
-- made it (the hub checks their permission again); the audit chain's
-- entries go up to the hub, which anchors each device's chain.
--
-- The customers table is rebuilt (SQLite cannot drop an inline UNIQUE).
-- Foreign keys are deferred to the commit: dropping the old table leaves its
-- children without a parent until the rows are back under the same name.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE customers_old AS SELECT * FROM customers;
DROP TABLE customers;
CREATE TABLE customers (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    email       TEXT,
    address     TEXT,
    created_at  TEXT NOT NULL,
    -- Set when a person merged this customer into another (the same person
    -- entered twice): their history stays, new work goes to the other one.
    merged_into TEXT REFERENCES customers (id)
);
INSERT INTO customers (id, name, phone, email, address, created_at)
    SELECT id, name, phone, email, address, created_at FROM customers_old ORDER BY rowid;
DROP TABLE customers_old;
CREATE INDEX customers_name ON customers (name COLLATE NOCASE);
CREATE INDEX customers_phone ON customers (phone);

-- A person's decision on a conflict the hub recorded: append-only, synced.
CREATE TABLE conflict_resolutions (
    id          TEXT PRIMARY KEY,
    conflict_id TEXT NOT NULL,
    -- kept (both facts stand, the note says what was done) | merged
    outcome     TEXT NOT NULL,
    note        TEXT NOT NULL,
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    at          TEXT NOT NULL
);
CREATE TRIGGER conflict_resolutions_no_update BEFORE UPDATE ON conflict_resolutions
BEGIN SELECT RAISE(ABORT, 'conflict resolutions are append-only'); END;
CREATE TRIGGER conflict_resolutions_no_delete BEFORE DELETE ON conflict_resolutions
BEGIN SELECT RAISE(ABORT, 'conflict resolutions are append-only'); END;

-- Who made each queued change: filled from the transaction's outbox entry.
ALTER TABLE sync_queue ADD COLUMN staff_id TEXT;
-- The newest queued change already given its author.
CREATE TABLE sync_attributed (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    through INTEGER NOT NULL
);
INSERT INTO sync_attributed (id, through) VALUES (1, 0);

-- What the hub said about the version of a row this device holds: a
-- conflict recorded on it (a booking over a confirmed one stays tentative
-- until a person settles it). Cleared by the row's next clean version or by
-- the conflict's resolution.
CREATE TABLE sync_flags (
    tbl         TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    conflict_id TEXT NOT NULL,
    PRIMARY KEY (tbl, row_key)
) WITHOUT ROWID;

-- Others' changes pulled while this device still had its own change of the
-- row queued: applied, in the hub's order, once the queue no longer holds
-- the row (its own change may already be before them at the hub, when a
-- push's reply was lost).
CREATE TABLE sync_held (
    hub_seq     INTEGER PRIMARY KEY,
    device_id   TEXT NOT NULL,
    tbl         TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    data        TEXT,
    refused     INTEGER NOT NULL,
    conflict_id TEXT,
    kind        TEXT
);

-- The newest audit entry the hub has anchored.
ALTER TABLE sync_config ADD COLUMN audit_synced INTEGER NOT NULL DEFAULT 0;
