-- The cash drawer's shift (issue 16). A drawer is one counter's (its
-- branch and counter codes). A shift opens with a counted float, takes the
-- payments made at that counter while it is open and the pay-ins and
-- pay-outs with their reason, and is closed once with the cash counted
-- against the cash expected. Shared, so the owner sees every counter's.
CREATE TABLE shifts (
    id           TEXT PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    drawer       TEXT NOT NULL,
    currency     TEXT NOT NULL,
    float        INTEGER NOT NULL CHECK (float >= 0),
    opened_by    TEXT NOT NULL REFERENCES staff (id),
    opened_at    TEXT NOT NULL,
    closed_by    TEXT REFERENCES staff (id),
    closed_at    TEXT,
    expected     INTEGER,
    counted      INTEGER CHECK (counted >= 0),
    difference   INTEGER,
    -- The count by denomination, when the clerk counted that way (JSON).
    denominations TEXT,
    note         TEXT,
    CHECK ((closed_at IS NULL) = (counted IS NULL)),
    CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
    CHECK ((closed_at IS NULL) = (expected IS NULL)),
    CHECK ((closed_at IS NULL) = (difference IS NULL)),
    CHECK (closed_at IS NULL OR difference = counted - expected),
    CHECK (difference IS NULL OR difference = 0 OR note IS NOT NULL)
);
-- One open shift per drawer.
CREATE UNIQUE INDEX shifts_one_open ON shifts (drawer) WHERE closed_at IS NULL;
CREATE INDEX shifts_opened ON shifts (opened_at);
-- A shift is closed once; nothing of its opening ever changes.
CREATE TRIGGER shifts_close_once BEFORE UPDATE ON shifts
WHEN OLD.closed_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.number IS NOT OLD.number
  OR NEW.drawer IS NOT OLD.drawer OR NEW.currency IS NOT OLD.currency OR NEW.float IS NOT OLD.float
  OR NEW.opened_by IS NOT OLD.opened_by OR NEW.opened_at IS NOT OLD.opened_at
BEGIN SELECT RAISE(ABORT, 'a shift is closed once and never edited'); END;
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
BEGIN SELECT RAISE(ABORT, 'shifts are never deleted'); END;

-- What went through the drawer during a shift: each payment or refund
-- taken at the counter (any method; only cash counts toward the drawer),
-- a voided payment taken back out, cash a courier handed in, and the
-- pay-ins and pay-outs. Amounts are signed: into the drawer positive.
CREATE TABLE drawer_moves (
    id         TEXT PRIMARY KEY,
    shift_id   TEXT NOT NULL REFERENCES shifts (id),
    kind       TEXT NOT NULL CHECK (kind IN ('payment', 'refund', 'void', 'courier', 'pay_in', 'pay_out')),
    method     TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    currency   TEXT NOT NULL,
    -- The record the money is: payments | order_payments | visit_payments |
    -- courier_reconciliations; none for a pay-in or pay-out.
    source     TEXT,
    source_id  TEXT,
    reason     TEXT,
    note       TEXT,
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    at         TEXT NOT NULL,
    CHECK ((kind IN ('pay_in', 'pay_out')) = (reason IS NOT NULL)),
    CHECK ((kind IN ('pay_in', 'pay_out')) = (source_id IS NULL))
);
CREATE INDEX drawer_moves_shift ON drawer_moves (shift_id, at);
-- A payment enters one drawer once (and is voided out of it once).
CREATE UNIQUE INDEX drawer_moves_source ON drawer_moves (source, source_id, kind)
    WHERE source_id IS NOT NULL;
CREATE TRIGGER drawer_moves_no_update BEFORE UPDATE ON drawer_moves
BEGIN SELECT RAISE(ABORT, 'drawer moves are append-only'); END;
CREATE TRIGGER drawer_moves_no_delete BEFORE DELETE ON drawer_moves
BEGIN SELECT RAISE(ABORT, 'drawer moves are append-only'); END;
