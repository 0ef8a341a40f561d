-- Device migration 0030: contracts changed, renewed, cancelled (issue 17).
ALTER TABLE rows.contracts ADD COLUMN "status" text;
ALTER TABLE rows.contracts ADD COLUMN "cancel_reason" text;
ALTER TABLE rows.contracts ADD COLUMN "cancelled_at" text;

CREATE TABLE rows.contract_events (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "contract_id" text,
    "kind" text,
    "note" text,
    "data" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);
