-- Device migration 0029: trade-in programmes and trade-ins (issue 17).
CREATE TABLE rows.trade_in_programmes (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "name" text,
    "brand" text,
    "models" text,
    "valid_from" text,
    "valid_to" text,
    "currency" text,
    "created_by" text,
    "created_at" text,
    "updated_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.trade_ins (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "order_id" text,
    "payment_id" text,
    "programme_id" text,
    "brand" text,
    "model" text,
    "serial" text,
    "grade" text,
    "checklist" text,
    "credit" bigint,
    "currency" text,
    "destination" text,
    "product_id" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);
