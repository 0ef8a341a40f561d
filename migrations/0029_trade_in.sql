-- Trade-in at the counter (issue 17, seed 002): the owner's programmes per
-- brand, and each old unit taken in as credit against a sale. The credit
-- is an order payment of method `trade_in` (never a discount: the sale's
-- PPN stays on its full price); the taken-in unit enters stock as used
-- goods or goes to the maker's programme.
-- (Migration 0028's service order numbers are PJ-<branch>-<counter>-<year>-n,
-- pesanan jasa, not SO- as its comment says: SO- is the sales orders'.)

CREATE TABLE trade_in_programmes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    brand       TEXT NOT NULL,
    models      TEXT NOT NULL,     -- JSON: [{model, good, fair, poor}] as decimals
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    currency    TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES staff (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE trade_ins (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL REFERENCES orders (id),
    payment_id   TEXT NOT NULL UNIQUE REFERENCES order_payments (id),
    programme_id TEXT REFERENCES trade_in_programmes (id),
    brand        TEXT NOT NULL,
    model        TEXT NOT NULL,
    serial       TEXT NOT NULL,
    grade        TEXT NOT NULL,    -- good | fair | poor
    checklist    TEXT NOT NULL,    -- JSON: [{item, ok}]
    credit       INTEGER NOT NULL CHECK (credit > 0),
    currency     TEXT NOT NULL,
    destination  TEXT NOT NULL,    -- used_stock | maker_programme
    product_id   TEXT REFERENCES products (id),  -- the used-goods product (used_stock)
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    at           TEXT NOT NULL,
    CHECK ((destination = 'used_stock') = (product_id IS NOT NULL))
);
CREATE INDEX trade_ins_order ON trade_ins (order_id);
CREATE INDEX trade_ins_serial ON trade_ins (serial);
CREATE TRIGGER trade_ins_no_update BEFORE UPDATE ON trade_ins
BEGIN SELECT RAISE(ABORT, 'a trade-in is never changed'); END;
CREATE TRIGGER trade_ins_no_delete BEFORE DELETE ON trade_ins
BEGIN SELECT RAISE(ABORT, 'a trade-in is never deleted'); END;
