-- Generated from the devices' schema by `UPDATE_HUB_ROWS=1 cargo test -p konter-hub --test hub rows_`.
-- One table per shared device table; _shop, _seq and _device say whose row it is
-- and which change of the hub's sequence wrote the version held.

CREATE SCHEMA rows;

CREATE TABLE rows.card_keys (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "key_id" text,
    "public_key" text,
    "label" text,
    "added_at" text,
    PRIMARY KEY (_shop, "key_id")
);

CREATE TABLE rows.coupons (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "code" text,
    "kind" text,
    "value" text,
    "valid_from" text,
    "valid_to" text,
    "min_subtotal" bigint,
    "active" bigint,
    "created_at" text,
    PRIMARY KEY (_shop, "code")
);

CREATE TABLE rows.customers (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "name" text,
    "phone" text,
    "email" text,
    "address" text,
    "created_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.holidays (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "date" text,
    "kind" text,
    "name" text,
    PRIMARY KEY (_shop, "date")
);

CREATE TABLE rows.number_series (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "key" text,
    "last" bigint,
    PRIMARY KEY (_shop, "key")
);

CREATE TABLE rows.products (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "sku" text,
    "name" text,
    "brand" text,
    "category" text,
    "price" bigint,
    "currency" text,
    "tax_class" text,
    "serialised" bigint,
    "weight_grams" bigint,
    "warranty_store_months" bigint,
    "warranty_maker_months" bigint,
    "warranty_type" text,
    "down_payment_allowed" bigint,
    "active" bigint,
    "created_at" text,
    "updated_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.shop (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" bigint,
    "name" text,
    "address" text,
    "phone" text,
    "npwp" text,
    "time_zone" text,
    "currency" text,
    "tax_rate" text,
    "prices_include_tax" bigint,
    "receipt_terms" text,
    "receipt_paper" text,
    "ticket_prefix" text,
    "invoice_prefix" text,
    "promise_days" bigint,
    "updated_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.staff (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "username" text,
    "name" text,
    "role" text,
    "password_hash" text,
    "active" bigint,
    "created_at" text,
    "must_change_password" bigint,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.consultations (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "customer_id" text,
    "serial" text,
    "problem" text,
    "software" text,
    "advice" text,
    "follow_up_on" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.contracts (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "customer_id" text,
    "units" text,
    "starts_on" text,
    "ends_on" text,
    "frequency" text,
    "site_address" text,
    "created_by" text,
    "created_at" text,
    "sla_hours" bigint,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.courier_reconciliations (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "courier_id" text,
    "day" text,
    "jobs" bigint,
    "expected" bigint,
    "handed_in" bigint,
    "difference" bigint,
    "currency" text,
    "note" text,
    "reconciled_by" text,
    "reconciled_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.orders (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "channel" text,
    "source" text,
    "external_id" text,
    "customer_id" text,
    "branch" text,
    "status" text,
    "fulfilment" text,
    "ship_address" text,
    "ship_city" text,
    "payment_method" text,
    "coupon_code" text,
    "subtotal" bigint,
    "discount" bigint,
    "base" bigint,
    "tax" bigint,
    "shipping" bigint,
    "total" bigint,
    "tax_rate" text,
    "tax_inclusive" bigint,
    "currency" text,
    "pay_by" text,
    "processing_date" text,
    "note" text,
    "created_by" text,
    "created_at" text,
    "updated_at" text,
    "buyer_tax_id" text,
    "external_modified" text,
    "delivery_days_min" bigint,
    "delivery_days_max" bigint,
    "tracking" text,
    "received_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.order_credits (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "order_id" text,
    "amount" bigint,
    "currency" text,
    "reason" text,
    "source_order_id" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.order_events (
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

CREATE TABLE rows.order_invoices (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "order_id" text,
    "subtotal" bigint,
    "discount" bigint,
    "base" bigint,
    "tax" bigint,
    "shipping" bigint,
    "total" bigint,
    "tax_rate" text,
    "tax_inclusive" bigint,
    "currency" text,
    "buyer_tax_id" text,
    "lines" text,
    "issued_by" text,
    "issued_at" text,
    "voided_at" text,
    "voided_by" text,
    "void_reason" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.order_lines (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "order_id" text,
    "position" bigint,
    "product_id" text,
    "sku" text,
    "name" text,
    "qty" bigint,
    "unit_price" bigint,
    "discount" bigint,
    "serialised" bigint,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.order_payments (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "order_id" text,
    "kind" text,
    "method" text,
    "amount" bigint,
    "tendered" bigint,
    "currency" text,
    "status" text,
    "bank" text,
    "account_name" text,
    "paid_on" text,
    "proof_path" text,
    "reference" text,
    "received_by" text,
    "received_at" text,
    "decided_by" text,
    "decided_at" text,
    "void_reason" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.reservations (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "order_id" text,
    "product_id" text,
    "branch" text,
    "qty" bigint,
    "released_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.stock_moves (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "product_id" text,
    "branch" text,
    "qty" bigint,
    "kind" text,
    "serial" text,
    "order_id" text,
    "note" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.technicians (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "staff_id" text,
    "branch" text,
    "skills" text,
    "hours" text,
    "days_off" text,
    "active" bigint,
    "updated_at" text,
    PRIMARY KEY (_shop, "staff_id")
);

CREATE TABLE rows.units (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "product_id" text,
    "serial" text,
    "branch" text,
    "status" text,
    "order_id" text,
    "updated_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.warranties (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "serial" text,
    "product_id" text,
    "sku" text,
    "product_name" text,
    "brand" text,
    "invoice_number" text,
    "sold_on" text,
    "start_date" text,
    "store_months" bigint,
    "maker_months" bigint,
    "kind" text,
    "customer_id" text,
    "customer_name" text,
    "customer_phone" text,
    "order_id" text,
    "source" text,
    "replaces" text,
    "created_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.tickets (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "tracking_code" text,
    "customer_id" text,
    "device_category" text,
    "brand" text,
    "model" text,
    "serial" text,
    "complaint" text,
    "accessories" text,
    "accessories_other" text,
    "condition_notes" text,
    "estimated_cost" bigint,
    "currency" text,
    "promised_date" text,
    "technician_id" text,
    "status" text,
    "quote_decision" text,
    "created_by" text,
    "created_at" text,
    "updated_at" text,
    "claim_kind" text,
    "claim_verdict" text,
    "warranty_id" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.courier_jobs (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "kind" text,
    "ticket_id" text,
    "address" text,
    "city" text,
    "phone" text,
    "courier_id" text,
    "planned_on" text,
    "fee" bigint,
    "cash_to_collect" bigint,
    "currency" text,
    "status" text,
    "note" text,
    "created_by" text,
    "created_at" text,
    "updated_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.courier_cash (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "job_id" text,
    "amount" bigint,
    "currency" text,
    "recorded_by" text,
    "recorded_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.custody (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "ticket_id" text,
    "job_id" text,
    "from_party" text,
    "to_party" text,
    "staff_id" text,
    "condition" text,
    "scanned" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.invoices (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "ticket_id" text,
    "subtotal" bigint,
    "base" bigint,
    "tax" bigint,
    "total" bigint,
    "tax_rate" text,
    "tax_inclusive" bigint,
    "currency" text,
    "issued_by" text,
    "issued_at" text,
    "buyer_tax_id" text,
    "voided_at" text,
    "voided_by" text,
    "void_reason" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.invoice_lines (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "invoice_id" text,
    "position" bigint,
    "kind" text,
    "description" text,
    "qty" text,
    "unit_price" bigint,
    "discount" bigint,
    "amount" bigint,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.payments (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "ticket_id" text,
    "kind" text,
    "method" text,
    "amount" bigint,
    "tendered" bigint,
    "currency" text,
    "reference" text,
    "received_by" text,
    "received_at" text,
    "voided_at" text,
    "voided_by" text,
    "void_reason" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.principal_rmas (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "warranty_id" text,
    "ticket_id" text,
    "brand" text,
    "rma_number" text,
    "shipped_on" text,
    "returned_on" text,
    "outcome" text,
    "replacement_serial" text,
    "created_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.quote_lines (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "ticket_id" text,
    "position" bigint,
    "kind" text,
    "description" text,
    "qty" text,
    "unit_price" bigint,
    "discount" bigint,
    "currency" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.returns (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "order_id" text,
    "position" bigint,
    "product_id" text,
    "serial" text,
    "qty" bigint,
    "reason" text,
    "seal_intact" bigint,
    "unused" bigint,
    "complete" bigint,
    "outcome" text,
    "refund_amount" bigint,
    "currency" text,
    "replacement_serial" text,
    "ticket_id" text,
    "note" text,
    "staff_id" text,
    "at" text,
    "return_shipping" bigint,
    "shipping_paid_by" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.ticket_events (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "ticket_id" text,
    "kind" text,
    "from_status" text,
    "to_status" text,
    "note" text,
    "data" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.visits (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "customer_id" text,
    "branch" text,
    "site_address" text,
    "site_contact" text,
    "site_phone" text,
    "kind" text,
    "problem" text,
    "units" text,
    "skills" text,
    "preferred_at" text,
    "requested_at" text,
    "due_at" text,
    "technician_id" text,
    "starts_at" text,
    "ends_at" text,
    "after_hours" bigint,
    "quote" bigint,
    "surcharge" bigint,
    "currency" text,
    "status" text,
    "done_at" text,
    "breach_reason" text,
    "created_by" text,
    "created_at" text,
    "updated_at" text,
    "contract_id" text,
    "ticket_id" text,
    "planned" bigint,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.visit_events (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "visit_id" text,
    "kind" text,
    "note" text,
    "data" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.visit_invoices (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "number" text,
    "visit_id" text,
    "subtotal" bigint,
    "base" bigint,
    "tax" bigint,
    "total" bigint,
    "tax_rate" text,
    "tax_inclusive" bigint,
    "currency" text,
    "lines" text,
    "buyer_tax_id" text,
    "issued_by" text,
    "issued_at" text,
    "voided_at" text,
    "voided_by" text,
    "void_reason" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.visit_payments (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "visit_id" text,
    "method" text,
    "amount" bigint,
    "tendered" bigint,
    "currency" text,
    "received_by" text,
    "received_at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.visit_signatures (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "visit_id" text,
    "png" bytea,
    "signer" text,
    "at" text,
    PRIMARY KEY (_shop, "visit_id")
);

CREATE TABLE rows.warranty_events (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "warranty_id" text,
    "kind" text,
    "data" text,
    "ticket_id" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);

CREATE TABLE rows.warranty_rules (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "scope" text,
    "rules" text,
    PRIMARY KEY (_shop, "scope")
);

CREATE TABLE rows.working_hours (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "weekday" bigint,
    "open" text,
    "close" text,
    PRIMARY KEY (_shop, "weekday")
);
