-- Device migration 0033: a service order's invoice voided and reissued (issue 17).
CREATE TABLE rows.service_order_invoice_papers (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "invoice_id" text,
    "kind" text,
    "number" text,
    "replaces" text,
    "reason" text,
    "buyer_tax_id" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);
