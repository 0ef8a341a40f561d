-- Device migration 0022: the print log (each paper printed or failed, each
-- drawer opening), shared so a document's prints show at every counter.
CREATE TABLE rows.print_jobs (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "doc_kind" text,
    "doc_id" text,
    "doc_number" text,
    "printer" text,
    "target" text,
    "copies" bigint,
    "drawer" bigint,
    "payment_id" text,
    "outcome" text,
    "error_code" text,
    "reason" text,
    "staff_id" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);
