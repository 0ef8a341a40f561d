-- Money integrity (issue 11): the cash couriers collect on delivery and the
-- closing of their runs at the counter; visit invoices become voidable and
-- reissuable like order invoices.

-- What a courier collected on one job, recorded once (0 = nothing paid).
CREATE TABLE courier_cash (
    id          TEXT PRIMARY KEY,
    job_id      TEXT NOT NULL UNIQUE REFERENCES courier_jobs (id),
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    currency    TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff (id),
    recorded_at TEXT NOT NULL
);
CREATE TRIGGER courier_cash_no_update BEFORE UPDATE ON courier_cash
BEGIN SELECT RAISE(ABORT, 'collected cash is never edited'); END;
CREATE TRIGGER courier_cash_no_delete BEFORE DELETE ON courier_cash
BEGIN SELECT RAISE(ABORT, 'collected cash is never deleted'); END;

-- A courier's run of one local day closed at the counter: what the jobs
-- collected (expected) against what was counted (handed in), once.
CREATE TABLE courier_reconciliations (
    id            TEXT PRIMARY KEY,
    courier_id    TEXT NOT NULL REFERENCES staff (id),
    day           TEXT NOT NULL,
    jobs          INTEGER NOT NULL,
    expected      INTEGER NOT NULL CHECK (expected >= 0),
    handed_in     INTEGER NOT NULL CHECK (handed_in >= 0),
    difference    INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    note          TEXT,
    reconciled_by TEXT NOT NULL REFERENCES staff (id),
    reconciled_at TEXT NOT NULL,
    UNIQUE (courier_id, day),
    CHECK (difference = handed_in - expected),
    CHECK (difference = 0 OR note IS NOT NULL)
);
CREATE INDEX courier_reconciliations_day ON courier_reconciliations (day);
CREATE TRIGGER courier_reconciliations_no_update BEFORE UPDATE ON courier_reconciliations
BEGIN SELECT RAISE(ABORT, 'a closed run is never edited'); END;
CREATE TRIGGER courier_reconciliations_no_delete BEFORE DELETE ON courier_reconciliations
BEGIN SELECT RAISE(ABORT, 'a closed run is never deleted'); END;

-- Visit invoices: SQLite cannot drop the UNIQUE (visit_id) of 0012, so the
-- table is rebuilt (nothing references it) with the void columns, the
-- buyer's NPWP of a reissue, and one live invoice per visit.
CREATE TABLE visit_invoices_new (
    id            TEXT PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    visit_id      TEXT NOT NULL REFERENCES visits (id),
    subtotal      INTEGER NOT NULL,
    base          INTEGER NOT NULL,
    tax           INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    tax_rate      TEXT NOT NULL,
    tax_inclusive INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    lines         TEXT NOT NULL,   -- JSON snapshot of the lines as invoiced
    buyer_tax_id  TEXT,
    issued_by     TEXT NOT NULL REFERENCES staff (id),
    issued_at     TEXT NOT NULL,
    voided_at     TEXT,
    voided_by     TEXT REFERENCES staff (id),
    void_reason   TEXT
);
INSERT INTO visit_invoices_new (id, number, visit_id, subtotal, base, tax, total, tax_rate, tax_inclusive, currency, lines, issued_by, issued_at)
SELECT id, number, visit_id, subtotal, base, tax, total, tax_rate, tax_inclusive, currency, lines, issued_by, issued_at FROM visit_invoices;
DROP TABLE visit_invoices;
ALTER TABLE visit_invoices_new RENAME TO visit_invoices;
CREATE UNIQUE INDEX visit_invoices_live ON visit_invoices (visit_id) WHERE voided_at IS NULL;
CREATE INDEX visit_invoices_visit ON visit_invoices (visit_id);
CREATE TRIGGER visit_invoices_no_delete BEFORE DELETE ON visit_invoices
BEGIN SELECT RAISE(ABORT, 'invoices are never deleted'); END;
CREATE TRIGGER visit_invoices_void_only BEFORE UPDATE ON visit_invoices
WHEN OLD.voided_at IS NOT NULL
  OR NEW.voided_at IS NULL OR NEW.voided_by IS NULL OR NEW.void_reason IS NULL
  OR NEW.number IS NOT OLD.number OR NEW.total IS NOT OLD.total OR NEW.visit_id IS NOT OLD.visit_id
  OR NEW.subtotal IS NOT OLD.subtotal OR NEW.base IS NOT OLD.base OR NEW.tax IS NOT OLD.tax
  OR NEW.issued_at IS NOT OLD.issued_at OR NEW.buyer_tax_id IS NOT OLD.buyer_tax_id OR NEW.lines IS NOT OLD.lines
BEGIN SELECT RAISE(ABORT, 'an invoice can only be voided, once, with a reason'); END;

-- The day report counts order money on the day it was verified, and visit money.
CREATE INDEX order_payments_counted ON order_payments (status, COALESCE(decided_at, received_at));
CREATE INDEX visit_payments_received ON visit_payments (received_at);
