-- Device migration 0028: service orders (issue 17).

CREATE TABLE rows.service_orders (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "confirmation" text,
    "customer_id" text,
    "channel" text,
    "status" text,
    "revision" bigint,
    "accepted_revision" bigint,
    "currency" text,
    "started_at" text,
    "accepted_at" text,
    "support_ends_on" text,
    "last_update_at" text,
    "created_by" text,
    "created_at" text,
    "updated_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.service_order_revisions (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "order_id" text,
    "revision" bigint,
    "scope" text,
    "subtotal" bigint,
    "base" bigint,
    "tax" bigint,
    "total" bigint,
    "tax_rate" text,
    "tax_inclusive" bigint,
    "reason" text,
    "created_by" text,
    "created_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.service_order_acceptances (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "revision_id" text,
    "order_id" text,
    "how" text,
    "signer" text,
    "reference" text,
    "png" bytea,
    "recorded_by" text,
    "at" text,
    PRIMARY KEY (_shop, "revision_id")
);

CREATE TABLE rows.service_order_events (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "order_id" text,
    "kind" text,
    "from_status" text,
    "to_status" text,
    "note" text,
    "data" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.service_order_updates (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "order_id" text,
    "milestone" bigint,
    "progress" bigint,
    "note" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.service_order_invoices (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "order_id" text,
    "kind" text,
    "milestone" bigint,
    "revision" bigint,
    "subtotal" bigint,
    "base" bigint,
    "tax" bigint,
    "total" bigint,
    "tax_rate" text,
    "tax_inclusive" bigint,
    "currency" text,
    "lines" text,
    "issued_by" text,
    "issued_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.service_order_payments (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "order_id" text,
    "invoice_id" text,
    "method" text,
    "amount" bigint,
    "tendered" bigint,
    "currency" text,
    "received_by" text,
    "received_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.service_order_handovers (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "order_id" text,
    "revision" bigint,
    "delivered" text,
    "criteria" text,
    "outcome" text,
    "revisions" text,
    "signer" text,
    "png" bytea,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

ALTER TABLE rows.visits ADD COLUMN "service_order_id" text;
ALTER TABLE rows.visits ADD COLUMN "milestone" bigint;
ALTER TABLE rows.visits ADD COLUMN "order_covered" bigint;
