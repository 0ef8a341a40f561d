-- Printing (issue 15). Each paper sent to a printer, or that failed to
-- print, and each opening of the cash drawer, logged on its document: who,
-- when, which printer, and how it went. Append-only and shared, so a ticket
-- shows its prints at every counter. The printers themselves are this
-- device's own (`settings`, key 'printers'), never synced.
CREATE TABLE print_jobs (
    id         TEXT PRIMARY KEY,
    -- intake_receipt | payment_receipt | order_receipt | visit_receipt |
    -- return_receipt | device_label | product_labels | test_page |
    -- test_label | drawer | a4:<document kind>
    doc_kind   TEXT NOT NULL,
    -- The ticket, order, visit, return or product; none for a test page or
    -- a drawer opened without a sale.
    doc_id     TEXT,
    doc_number TEXT,
    printer    TEXT NOT NULL CHECK (printer IN ('receipt', 'label', 'a4')),
    target     TEXT NOT NULL,
    copies     INTEGER NOT NULL CHECK (copies >= 1),
    drawer     INTEGER NOT NULL DEFAULT 0,
    -- The cash payment or refund that opened the drawer (once per payment).
    payment_id TEXT,
    outcome    TEXT NOT NULL CHECK (outcome IN ('printed', 'failed')),
    error_code TEXT,
    -- Why the drawer was opened without a sale.
    reason     TEXT,
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    at         TEXT NOT NULL
);
CREATE INDEX print_jobs_doc ON print_jobs (doc_id, at);
-- A payment's cash opens the drawer once.
CREATE UNIQUE INDEX print_jobs_drawer_once ON print_jobs (payment_id)
    WHERE drawer = 1 AND outcome = 'printed';
CREATE TRIGGER print_jobs_no_update BEFORE UPDATE ON print_jobs
BEGIN SELECT RAISE(ABORT, 'print_jobs is append-only'); END;
CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs
BEGIN SELECT RAISE(ABORT, 'print_jobs is append-only'); END;
