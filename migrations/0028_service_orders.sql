-- Service orders for IT work and installations (issue 17, seeds 000, 002,
-- 003): the customer's requirements, the order confirmation in revisions
-- the customer accepts, invoices per the payment terms and their payments,
-- progress updates per milestone, the handover record (BAST) and the
-- support period. History tables are append-only; the order row caches
-- the status its events moved it to.

CREATE TABLE service_orders (
    id               TEXT PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,    -- SO-<branch>-<counter>-<year>-n
    confirmation     TEXT NOT NULL UNIQUE,    -- KP-…: the confirmation's own number
    customer_id      TEXT NOT NULL REFERENCES customers (id),
    channel          TEXT NOT NULL,           -- walk_in | phone | whatsapp | email | web
    status           TEXT NOT NULL,           -- proposed | confirmed | in_progress | change_proposed | accepted | cancelled
    revision         INTEGER NOT NULL,        -- the newest revision
    accepted_revision INTEGER,                -- the newest one the customer accepted
    currency         TEXT NOT NULL,
    started_at       TEXT,
    accepted_at      TEXT,                    -- the work's acceptance (BAST)
    support_ends_on  TEXT,                    -- local date, included
    last_update_at   TEXT,                    -- the customer last told of progress
    created_by       TEXT NOT NULL REFERENCES staff (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX service_orders_customer ON service_orders (customer_id);
CREATE INDEX service_orders_status ON service_orders (status);

-- One revision of the confirmation: everything the customer agrees to.
CREATE TABLE service_order_revisions (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES service_orders (id),
    revision    INTEGER NOT NULL,
    scope       TEXT NOT NULL,               -- JSON: the checked ServiceScope
    subtotal    INTEGER NOT NULL,
    base        INTEGER NOT NULL,
    tax         INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    tax_rate    TEXT NOT NULL,
    tax_inclusive INTEGER NOT NULL,
    reason      TEXT,                        -- why it changed (revision 2 on)
    created_by  TEXT NOT NULL REFERENCES staff (id),
    created_at  TEXT NOT NULL,
    UNIQUE (order_id, revision)
);
CREATE TRIGGER service_order_revisions_no_update BEFORE UPDATE ON service_order_revisions
BEGIN SELECT RAISE(ABORT, 'a confirmation revision is never changed'); END;
CREATE TRIGGER service_order_revisions_no_delete BEFORE DELETE ON service_order_revisions
BEGIN SELECT RAISE(ABORT, 'a confirmation revision is never deleted'); END;

-- The customer's acceptance of one revision: signed at the counter
-- (the signature pad's PNG) or by reply on a channel (its reference).
CREATE TABLE service_order_acceptances (
    revision_id TEXT PRIMARY KEY REFERENCES service_order_revisions (id),
    order_id    TEXT NOT NULL REFERENCES service_orders (id),
    how         TEXT NOT NULL,               -- signature | whatsapp | email | phone
    signer      TEXT NOT NULL,
    reference   TEXT,
    png         BLOB,
    recorded_by TEXT NOT NULL REFERENCES staff (id),
    at          TEXT NOT NULL,
    CHECK ((how = 'signature') = (png IS NOT NULL))
);
CREATE TRIGGER service_order_acceptances_no_update BEFORE UPDATE ON service_order_acceptances
BEGIN SELECT RAISE(ABORT, 'an acceptance is never changed'); END;
CREATE TRIGGER service_order_acceptances_no_delete BEFORE DELETE ON service_order_acceptances
BEGIN SELECT RAISE(ABORT, 'an acceptance is never deleted'); END;

CREATE TABLE service_order_events (
    id         TEXT PRIMARY KEY,
    order_id   TEXT NOT NULL REFERENCES service_orders (id),
    kind       TEXT NOT NULL,
    from_status TEXT,
    to_status  TEXT,
    note       TEXT,
    data       TEXT NOT NULL,
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    at         TEXT NOT NULL
);
CREATE INDEX service_order_events_order ON service_order_events (order_id, at);
CREATE TRIGGER service_order_events_no_update BEFORE UPDATE ON service_order_events
BEGIN SELECT RAISE(ABORT, 'service order history is append-only'); END;
CREATE TRIGGER service_order_events_no_delete BEFORE DELETE ON service_order_events
BEGIN SELECT RAISE(ABORT, 'service order history is append-only'); END;

-- A milestone's progress as told to the customer.
CREATE TABLE service_order_updates (
    id        TEXT PRIMARY KEY,
    order_id  TEXT NOT NULL REFERENCES service_orders (id),
    milestone INTEGER NOT NULL,              -- 1-based, as in the scope
    progress  INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    note      TEXT NOT NULL,
    staff_id  TEXT NOT NULL REFERENCES staff (id),
    at        TEXT NOT NULL
);
CREATE INDEX service_order_updates_order ON service_order_updates (order_id, at);
CREATE TRIGGER service_order_updates_no_update BEFORE UPDATE ON service_order_updates
BEGIN SELECT RAISE(ABORT, 'progress updates are append-only'); END;
CREATE TRIGGER service_order_updates_no_delete BEFORE DELETE ON service_order_updates
BEGIN SELECT RAISE(ABORT, 'progress updates are append-only'); END;

-- An invoice per the terms: the down payment, a milestone's share, the
-- final one on acceptance. Numbered from the shop's invoice series.
CREATE TABLE service_order_invoices (
    id          TEXT PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    order_id    TEXT NOT NULL REFERENCES service_orders (id),
    kind        TEXT NOT NULL,               -- deposit | milestone | final
    milestone   INTEGER,
    revision    INTEGER NOT NULL,            -- the accepted revision it bills
    subtotal    INTEGER NOT NULL,
    base        INTEGER NOT NULL,
    tax         INTEGER NOT NULL,
    total       INTEGER NOT NULL CHECK (total > 0),
    tax_rate    TEXT NOT NULL,
    tax_inclusive INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    lines       TEXT NOT NULL,               -- JSON snapshot of the lines as invoiced
    issued_by   TEXT NOT NULL REFERENCES staff (id),
    issued_at   TEXT NOT NULL,
    UNIQUE (order_id, kind, milestone)
);
CREATE TRIGGER service_order_invoices_no_update BEFORE UPDATE ON service_order_invoices
BEGIN SELECT RAISE(ABORT, 'invoices are never edited'); END;
CREATE TRIGGER service_order_invoices_no_delete BEFORE DELETE ON service_order_invoices
BEGIN SELECT RAISE(ABORT, 'invoices are never deleted'); END;

CREATE TABLE service_order_payments (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES service_orders (id),
    invoice_id  TEXT NOT NULL REFERENCES service_order_invoices (id),
    method      TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    tendered    INTEGER,
    currency    TEXT NOT NULL,
    received_by TEXT NOT NULL REFERENCES staff (id),
    received_at TEXT NOT NULL
);
CREATE INDEX service_order_payments_invoice ON service_order_payments (invoice_id);
CREATE TRIGGER service_order_payments_no_update BEFORE UPDATE ON service_order_payments
BEGIN SELECT RAISE(ABORT, 'payments are append-only'); END;
CREATE TRIGGER service_order_payments_no_delete BEFORE DELETE ON service_order_payments
BEGIN SELECT RAISE(ABORT, 'payments are append-only'); END;

-- Berita acara serah terima pekerjaan: what was delivered against the
-- criteria, signed, accepted or with the revisions asked for.
CREATE TABLE service_order_handovers (
    id          TEXT PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,        -- BA-…
    order_id    TEXT NOT NULL REFERENCES service_orders (id),
    revision    INTEGER NOT NULL,
    delivered   TEXT NOT NULL,
    criteria    TEXT NOT NULL,               -- JSON: [{criterion, met}]
    outcome     TEXT NOT NULL,               -- accepted | revisions
    revisions   TEXT,                        -- what the customer asks to change
    signer      TEXT NOT NULL,
    png         BLOB NOT NULL,
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    at          TEXT NOT NULL,
    CHECK ((outcome = 'revisions') = (revisions IS NOT NULL))
);
CREATE INDEX service_order_handovers_order ON service_order_handovers (order_id, at);
CREATE TRIGGER service_order_handovers_no_update BEFORE UPDATE ON service_order_handovers
BEGIN SELECT RAISE(ABORT, 'a handover record is never changed'); END;
CREATE TRIGGER service_order_handovers_no_delete BEFORE DELETE ON service_order_handovers
BEGIN SELECT RAISE(ABORT, 'a handover record is never deleted'); END;

-- A visit made for a service order: a milestone's work, or a support call
-- (free inside the support period, decided when it is requested).
ALTER TABLE visits ADD COLUMN service_order_id TEXT REFERENCES service_orders (id);
ALTER TABLE visits ADD COLUMN milestone INTEGER;
ALTER TABLE visits ADD COLUMN order_covered INTEGER NOT NULL DEFAULT 0;
CREATE INDEX visits_service_order ON visits (service_order_id);
