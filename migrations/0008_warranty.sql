-- The warranty registry: every serialised unit sold (orders, O2O pickups,
-- past sales imported from CSV) with the day its warranty started and its
-- policy, its history as append-only events, claims sent to the maker
-- (principal RMA), and the public keys that sign warranty cards.

CREATE TABLE warranties (
    id             TEXT PRIMARY KEY,
    serial         TEXT NOT NULL,
    product_id     TEXT REFERENCES products (id),
    sku            TEXT NOT NULL,
    product_name   TEXT NOT NULL,
    brand          TEXT NOT NULL DEFAULT '',
    invoice_number TEXT NOT NULL,
    sold_on        TEXT NOT NULL,          -- local date of the sale
    start_date     TEXT NOT NULL,          -- local date the customer received it
    store_months   INTEGER NOT NULL CHECK (store_months BETWEEN 0 AND 240),
    maker_months   INTEGER NOT NULL CHECK (maker_months BETWEEN 0 AND 240),
    kind           TEXT NOT NULL,          -- standard | lifetime
    customer_id    TEXT REFERENCES customers (id),
    customer_name  TEXT NOT NULL,
    customer_phone TEXT,                   -- E.164 when known
    order_id       TEXT REFERENCES orders (id),
    source         TEXT NOT NULL,          -- sale | import | replacement
    replaces       TEXT REFERENCES warranties (id),
    created_at     TEXT NOT NULL,
    UNIQUE (serial, invoice_number)         -- also the index for lookups by serial
);
CREATE INDEX warranties_invoice ON warranties (invoice_number);
CREATE INDEX warranties_phone ON warranties (customer_phone);
CREATE INDEX warranties_replaces ON warranties (replaces);

-- Status and everything that happened to the unit: registered, card
-- printed, claims and their verdicts, repairs, principal RMA, replaced.
CREATE TABLE warranty_events (
    id          TEXT PRIMARY KEY,
    warranty_id TEXT NOT NULL REFERENCES warranties (id),
    kind        TEXT NOT NULL,
    data        TEXT NOT NULL,
    ticket_id   TEXT REFERENCES tickets (id),
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    at          TEXT NOT NULL
);
CREATE INDEX warranty_events_unit ON warranty_events (warranty_id, at);
CREATE TRIGGER warranty_events_no_update BEFORE UPDATE ON warranty_events
BEGIN SELECT RAISE(ABORT, 'warranty history is append-only'); END;
CREATE TRIGGER warranty_events_no_delete BEFORE DELETE ON warranty_events
BEGIN SELECT RAISE(ABORT, 'warranty history is append-only'); END;

-- A claim sent to the brand: its RMA number, dates, outcome, replacement.
CREATE TABLE principal_rmas (
    id                 TEXT PRIMARY KEY,
    warranty_id        TEXT NOT NULL REFERENCES warranties (id),
    ticket_id          TEXT REFERENCES tickets (id),
    brand              TEXT NOT NULL,
    rma_number         TEXT NOT NULL,
    shipped_on         TEXT NOT NULL,
    returned_on        TEXT,
    outcome            TEXT,               -- repaired | replaced | rejected
    replacement_serial TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX principal_rmas_unit ON principal_rmas (warranty_id);

-- Public keys that sign warranty cards: this shop's own, and those
-- imported from other branches. The private key is a file in the app's
-- data directory, readable by its owner only.
CREATE TABLE card_keys (
    key_id      TEXT PRIMARY KEY,          -- hex of 4 bytes of SHA-256
    public_key  TEXT NOT NULL UNIQUE,      -- hex
    label       TEXT NOT NULL,
    own         INTEGER NOT NULL,
    added_at    TEXT NOT NULL
);

-- Warranty rules per brand (or product SKU): periods and flags as JSON.
CREATE TABLE warranty_rules (
    scope      TEXT PRIMARY KEY,           -- brand:<name> | sku:<SKU>
    rules      TEXT NOT NULL
);

-- A service ticket opened as a warranty claim: warranty (the store covers
-- it) or non_warranty (paid), the verdict as given, and the unit's record.
ALTER TABLE tickets ADD COLUMN claim_kind TEXT;
ALTER TABLE tickets ADD COLUMN claim_verdict TEXT;
ALTER TABLE tickets ADD COLUMN warranty_id TEXT REFERENCES warranties (id);
