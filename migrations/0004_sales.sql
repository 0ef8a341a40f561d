-- Catalog, stock and orders (counter, web, phone; O2O pickup).

CREATE TABLE products (
    id                    TEXT PRIMARY KEY,
    sku                   TEXT NOT NULL UNIQUE,
    name                  TEXT NOT NULL,
    brand                 TEXT NOT NULL,
    category              TEXT NOT NULL,
    price                 INTEGER NOT NULL CHECK (price >= 0),
    currency              TEXT NOT NULL,
    tax_class             TEXT NOT NULL,      -- standard | exempt
    serialised            INTEGER NOT NULL,
    weight_grams          INTEGER NOT NULL CHECK (weight_grams >= 0),
    warranty_store_months INTEGER NOT NULL,
    warranty_maker_months INTEGER NOT NULL,
    warranty_type         TEXT NOT NULL,      -- standard | lifetime
    down_payment_allowed  INTEGER NOT NULL DEFAULT 0,
    active                INTEGER NOT NULL DEFAULT 1,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX products_name ON products (name COLLATE NOCASE);

-- On hand = the sum of moves; never edited.
CREATE TABLE stock_moves (
    id         TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (id),
    branch     TEXT NOT NULL,
    qty        INTEGER NOT NULL CHECK (qty <> 0),
    kind       TEXT NOT NULL,   -- receive | sale | return | adjust
    serial     TEXT,
    order_id   TEXT,
    note       TEXT,
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    at         TEXT NOT NULL
);
CREATE INDEX stock_moves_product ON stock_moves (product_id, branch);
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves
BEGIN SELECT RAISE(ABORT, 'stock_moves is append-only'); END;
CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves
BEGIN SELECT RAISE(ABORT, 'stock_moves is append-only'); END;

-- Serialised units: where each one is. The history is in stock_moves.
CREATE TABLE units (
    id         TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (id),
    serial     TEXT NOT NULL,
    branch     TEXT NOT NULL,
    status     TEXT NOT NULL,   -- in_stock | sold | returned
    order_id   TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (product_id, serial)
);
CREATE INDEX units_serial ON units (serial);

CREATE TABLE coupons (
    code         TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,  -- fixed | percent
    value        TEXT NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT,
    min_subtotal INTEGER NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL
);

CREATE TABLE orders (
    id               TEXT PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL,        -- counter | web | phone
    source           TEXT,                 -- e.g. woocommerce:<store>
    external_id      TEXT,                 -- the web store's order id
    customer_id      TEXT NOT NULL REFERENCES customers (id),
    branch           TEXT NOT NULL,
    status           TEXT NOT NULL,        -- cache of the last status event
    fulfilment       TEXT NOT NULL,        -- pickup | delivery
    ship_address     TEXT,
    ship_city        TEXT,
    payment_method   TEXT NOT NULL,        -- cash | card | qris | bank_transfer | cod
    coupon_code      TEXT,
    subtotal         INTEGER NOT NULL,
    discount         INTEGER NOT NULL,
    base             INTEGER NOT NULL,
    tax              INTEGER NOT NULL,
    shipping         INTEGER NOT NULL,
    total            INTEGER NOT NULL,
    tax_rate         TEXT NOT NULL,
    tax_inclusive    INTEGER NOT NULL,
    currency         TEXT NOT NULL,
    pay_by           TEXT,                 -- UTC: cancelled unpaid after this
    processing_date  TEXT,                 -- local date, set when paid
    note             TEXT,
    created_by       TEXT NOT NULL REFERENCES staff (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (source, external_id)
);
CREATE INDEX orders_status ON orders (status, created_at);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX orders_created ON orders (created_at);

CREATE TABLE order_lines (
    id         TEXT PRIMARY KEY,
    order_id   TEXT NOT NULL REFERENCES orders (id),
    position   INTEGER NOT NULL,
    product_id TEXT NOT NULL REFERENCES products (id),
    sku        TEXT NOT NULL,
    name       TEXT NOT NULL,
    qty        INTEGER NOT NULL CHECK (qty > 0),
    unit_price INTEGER NOT NULL,
    discount   INTEGER NOT NULL,
    serialised INTEGER NOT NULL
);
CREATE INDEX order_lines_order ON order_lines (order_id, position);
CREATE INDEX order_lines_product ON order_lines (product_id);

-- Stock held for an open order; released (never deleted) when it closes.
CREATE TABLE reservations (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES orders (id),
    product_id  TEXT NOT NULL REFERENCES products (id),
    branch      TEXT NOT NULL,
    qty         INTEGER NOT NULL CHECK (qty > 0),
    released_at TEXT
);
CREATE INDEX reservations_open ON reservations (product_id, branch) WHERE released_at IS NULL;
CREATE TRIGGER reservations_no_delete BEFORE DELETE ON reservations
BEGIN SELECT RAISE(ABORT, 'reservations are released, not deleted'); END;

CREATE TABLE order_events (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES orders (id),
    kind        TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT,
    data        TEXT,
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    at          TEXT NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, at);
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END;
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END;

-- Money for orders. A bank transfer is first a customer's confirmation
-- (status pending) and counts once staff verify it; rejected ones stay.
CREATE TABLE order_payments (
    id            TEXT PRIMARY KEY,
    order_id      TEXT NOT NULL REFERENCES orders (id),
    kind          TEXT NOT NULL,   -- payment | refund
    method        TEXT NOT NULL,
    amount        INTEGER NOT NULL CHECK (amount > 0),
    tendered      INTEGER,
    currency      TEXT NOT NULL,
    status        TEXT NOT NULL,   -- pending | verified | rejected
    bank          TEXT,
    account_name  TEXT,
    paid_on       TEXT,            -- the date the customer says they paid
    proof_path    TEXT,
    reference     TEXT,
    received_by   TEXT NOT NULL REFERENCES staff (id),
    received_at   TEXT NOT NULL,
    decided_by    TEXT REFERENCES staff (id),
    decided_at    TEXT
);
CREATE INDEX order_payments_order ON order_payments (order_id);
CREATE INDEX order_payments_pending ON order_payments (status, received_at);
CREATE TRIGGER order_payments_no_delete BEFORE DELETE ON order_payments
BEGIN SELECT RAISE(ABORT, 'payments are never deleted'); END;
-- Only a pending confirmation may change, once, to verified or rejected.
CREATE TRIGGER order_payments_decide_once BEFORE UPDATE ON order_payments
WHEN OLD.status <> 'pending' OR NEW.status NOT IN ('verified', 'rejected')
  OR NEW.amount IS NOT OLD.amount OR NEW.method IS NOT OLD.method OR NEW.order_id IS NOT OLD.order_id
  OR NEW.kind IS NOT OLD.kind OR NEW.received_at IS NOT OLD.received_at
BEGIN SELECT RAISE(ABORT, 'a payment is decided once and never edited'); END;

-- Order search: number, customer name, phone, e-mail, external id.
CREATE VIRTUAL TABLE order_search USING fts5 (
    order_id UNINDEXED,
    body,
    tokenize = 'trigram'
);

-- The account automatic actions are recorded under (the unpaid-order
-- expiry): it cannot sign in (inactive, no valid password hash).
INSERT INTO staff (id, username, name, role, password_hash, active, created_at)
VALUES ('00000000-0000-0000-0000-000000000000', 'system', 'Konter (otomatis)', 'admin', '!', 0, '2026-01-01T00:00:00.000000Z');
