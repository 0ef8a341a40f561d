-- Visits carried to the end (issue 6): the customer's signature taken on
-- site, the invoice of a visit's chargeable lines and its payments, and the
-- service ticket a visit hands to the workshop.

ALTER TABLE visits ADD COLUMN ticket_id TEXT REFERENCES tickets (id);

CREATE TABLE visit_signatures (
    visit_id TEXT PRIMARY KEY REFERENCES visits (id),
    png      BLOB NOT NULL,
    signer   TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE TRIGGER visit_signatures_no_update BEFORE UPDATE ON visit_signatures
BEGIN SELECT RAISE(ABORT, 'a signature is never changed'); END;

CREATE TABLE visit_invoices (
    id            TEXT PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    visit_id      TEXT NOT NULL UNIQUE REFERENCES visits (id),
    subtotal      INTEGER NOT NULL,
    base          INTEGER NOT NULL,
    tax           INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    tax_rate      TEXT NOT NULL,
    tax_inclusive INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    lines         TEXT NOT NULL,   -- JSON snapshot of the lines as invoiced
    issued_by     TEXT NOT NULL REFERENCES staff (id),
    issued_at     TEXT NOT NULL
);
CREATE TRIGGER visit_invoices_no_update BEFORE UPDATE ON visit_invoices
BEGIN SELECT RAISE(ABORT, 'invoices are never edited'); END;
CREATE TRIGGER visit_invoices_no_delete BEFORE DELETE ON visit_invoices
BEGIN SELECT RAISE(ABORT, 'invoices are never deleted'); END;

CREATE TABLE visit_payments (
    id          TEXT PRIMARY KEY,
    visit_id    TEXT NOT NULL REFERENCES visits (id),
    method      TEXT NOT NULL,     -- cash | bank_transfer | card | qris
    amount      INTEGER NOT NULL CHECK (amount > 0),
    tendered    INTEGER,
    currency    TEXT NOT NULL,
    received_by TEXT NOT NULL REFERENCES staff (id),
    received_at TEXT NOT NULL
);
CREATE INDEX visit_payments_visit ON visit_payments (visit_id);
CREATE TRIGGER visit_payments_no_update BEFORE UPDATE ON visit_payments
BEGIN SELECT RAISE(ABORT, 'payments are append-only'); END;
CREATE TRIGGER visit_payments_no_delete BEFORE DELETE ON visit_payments
BEGIN SELECT RAISE(ABORT, 'payments are append-only'); END;
