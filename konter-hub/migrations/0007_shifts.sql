-- Device migration 0023: the cash drawer's shifts and what went through
-- the drawer, shared so the owner sees every counter's.
CREATE TABLE rows.shifts (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "drawer" text,
    "currency" text,
    "float" bigint,
    "opened_by" text,
    "opened_at" text,
    "closed_by" text,
    "closed_at" text,
    "expected" bigint,
    "counted" bigint,
    "difference" bigint,
    "denominations" text,
    "note" text,
    PRIMARY KEY (_shop, "id")
);
CREATE TABLE rows.drawer_moves (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "shift_id" text,
    "kind" text,
    "method" text,
    "amount" bigint,
    "currency" text,
    "source" text,
    "source_id" text,
    "reason" text,
    "note" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);
