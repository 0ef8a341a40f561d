-- Konter schema v1. Ids are UUID v7 text, instants are UTC RFC 3339 text,
-- money is INTEGER minor units beside an ISO currency code.

CREATE TABLE shop (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL,
    address         TEXT NOT NULL,
    phone           TEXT NOT NULL,
    npwp            TEXT,
    branch_code     TEXT NOT NULL,
    counter_code    TEXT NOT NULL,
    time_zone       TEXT NOT NULL,
    currency        TEXT NOT NULL,
    tax_rate        TEXT NOT NULL,
    prices_include_tax INTEGER NOT NULL,
    receipt_terms   TEXT NOT NULL,
    receipt_paper   TEXT NOT NULL,
    ticket_prefix   TEXT NOT NULL,
    invoice_prefix  TEXT NOT NULL,
    promise_days    INTEGER NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE working_hours (
    weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6), -- 0 = Monday
    open    TEXT,
    close   TEXT
);

CREATE TABLE holidays (
    date TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
);

CREATE TABLE customers (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL UNIQUE,
    email      TEXT,
    address    TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX customers_name ON customers (name COLLATE NOCASE);

CREATE TABLE number_series (
    key  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE tickets (
    id              TEXT PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    tracking_code   TEXT NOT NULL UNIQUE,
    customer_id     TEXT NOT NULL REFERENCES customers (id),
    device_category TEXT NOT NULL,
    brand           TEXT NOT NULL,
    model           TEXT NOT NULL,
    serial          TEXT,
    complaint       TEXT NOT NULL,
    accessories     TEXT NOT NULL, -- JSON array of codes
    accessories_other TEXT,
    condition_notes TEXT,
    unlock_secret   TEXT,          -- stored for the technician, never printed
    estimated_cost  INTEGER,
    currency        TEXT NOT NULL,
    promised_date   TEXT NOT NULL, -- local date of the branch
    technician_id   TEXT REFERENCES staff (id),
    status          TEXT NOT NULL, -- cache of the last status event
    quote_decision  TEXT,          -- approved | refused
    created_by      TEXT NOT NULL REFERENCES staff (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX tickets_status ON tickets (status, promised_date);
CREATE INDEX tickets_customer ON tickets (customer_id);
CREATE INDEX tickets_serial ON tickets (serial);

-- Append-only: triggers refuse UPDATE and DELETE.
CREATE TABLE ticket_events (
    id          TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    kind        TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT,
    data        TEXT,           -- JSON details of the event
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    at          TEXT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, at);
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;

-- The current quote; each revision is also recorded as a ticket event.
CREATE TABLE quote_lines (
    id          TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    description TEXT NOT NULL,
    qty         TEXT NOT NULL,
    unit_price  INTEGER NOT NULL,
    discount    INTEGER NOT NULL,
    currency    TEXT NOT NULL
);
CREATE INDEX quote_lines_ticket ON quote_lines (ticket_id, position);

CREATE TABLE invoices (
    id         TEXT PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,
    ticket_id  TEXT NOT NULL UNIQUE REFERENCES tickets (id),
    subtotal   INTEGER NOT NULL,
    base       INTEGER NOT NULL,
    tax        INTEGER NOT NULL,
    total      INTEGER NOT NULL,
    tax_rate   TEXT NOT NULL,
    tax_inclusive INTEGER NOT NULL,
    currency   TEXT NOT NULL,
    issued_by  TEXT NOT NULL REFERENCES staff (id),
    issued_at  TEXT NOT NULL
);

CREATE TABLE invoice_lines (
    id          TEXT PRIMARY KEY,
    invoice_id  TEXT NOT NULL REFERENCES invoices (id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    description TEXT NOT NULL,
    qty         TEXT NOT NULL,
    unit_price  INTEGER NOT NULL,
    discount    INTEGER NOT NULL,
    amount      INTEGER NOT NULL
);

-- Money received. Never deleted; a later capability voids with a reason.
CREATE TABLE payments (
    id          TEXT PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    kind        TEXT NOT NULL, -- down_payment | settlement
    method      TEXT NOT NULL, -- cash | bank_transfer | card | qris
    amount      INTEGER NOT NULL CHECK (amount > 0),
    tendered    INTEGER,
    currency    TEXT NOT NULL,
    reference   TEXT,
    received_by TEXT NOT NULL REFERENCES staff (id),
    received_at TEXT NOT NULL
);
CREATE INDEX payments_ticket ON payments (ticket_id);
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are never deleted'); END;

-- Board search: trigram index over number, tracking code, name, phone, serial.
CREATE VIRTUAL TABLE ticket_search USING fts5 (
    ticket_id UNINDEXED,
    body,
    tokenize = 'trigram'
);

-- What the future branch sync reads: one row per change, same transaction.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    op         TEXT NOT NULL,
    payload    TEXT NOT NULL,
    staff_id   TEXT,
    at         TEXT NOT NULL
);
CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox is append-only'); END;
