-- Returns and exchanges at the showroom (RMA), one row per returned line
-- or unit; never edited.
CREATE TABLE returns (
    id                 TEXT PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE,
    order_id           TEXT NOT NULL REFERENCES orders (id),
    position           INTEGER NOT NULL,
    product_id         TEXT NOT NULL REFERENCES products (id),
    serial             TEXT,
    qty                INTEGER NOT NULL CHECK (qty > 0),
    reason             TEXT NOT NULL,
    seal_intact        INTEGER NOT NULL,
    unused             INTEGER NOT NULL,
    complete           INTEGER NOT NULL,
    outcome            TEXT NOT NULL,       -- exchange | refund | repair
    refund_amount      INTEGER,
    currency           TEXT NOT NULL,
    replacement_serial TEXT,
    ticket_id          TEXT REFERENCES tickets (id),
    note               TEXT,
    staff_id           TEXT NOT NULL REFERENCES staff (id),
    at                 TEXT NOT NULL
);
CREATE INDEX returns_order ON returns (order_id);
CREATE TRIGGER returns_no_update BEFORE UPDATE ON returns
BEGIN SELECT RAISE(ABORT, 'returns are append-only'); END;
CREATE TRIGGER returns_no_delete BEFORE DELETE ON returns
BEGIN SELECT RAISE(ABORT, 'returns are append-only'); END;

-- Delivery: the estimate quoted at ordering (working days after processing)
-- and the courier's tracking number once shipped.
ALTER TABLE orders ADD COLUMN delivery_days_min INTEGER;
ALTER TABLE orders ADD COLUMN delivery_days_max INTEGER;
ALTER TABLE orders ADD COLUMN tracking TEXT;
