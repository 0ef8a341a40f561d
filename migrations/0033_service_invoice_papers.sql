-- A service order's invoice voided and reissued, as tickets', orders' and
-- visits' are (issue 17): paper, not money. The invoice row and its
-- payments stay; each void of a printed number and each new number it is
-- printed under is one append-only row. A reissue names the voided number
-- it replaces, so the live number is followed as a chain from the
-- invoice's own, never by the PCs' clocks: it is void while a void row
-- names it.
CREATE TABLE service_order_invoice_papers (
    id           TEXT PRIMARY KEY,
    invoice_id   TEXT NOT NULL REFERENCES service_order_invoices (id),
    kind         TEXT NOT NULL CHECK (kind IN ('void', 'reissue')),
    number       TEXT NOT NULL,          -- the number voided, or the new one
    replaces     TEXT,                   -- a reissue: the voided number it replaces
    reason       TEXT,                   -- why it was voided
    buyer_tax_id TEXT,                   -- the buyer's NPWP on a reissue
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    at           TEXT NOT NULL,
    CHECK ((kind = 'void') = (reason IS NOT NULL)),
    CHECK ((kind = 'reissue') = (replaces IS NOT NULL))
);
CREATE INDEX service_order_invoice_papers_invoice ON service_order_invoice_papers (invoice_id, at);
CREATE TRIGGER service_order_invoice_papers_no_update BEFORE UPDATE ON service_order_invoice_papers
BEGIN SELECT RAISE(ABORT, 'invoice papers are append-only'); END;
CREATE TRIGGER service_order_invoice_papers_no_delete BEFORE DELETE ON service_order_invoice_papers
BEGIN SELECT RAISE(ABORT, 'invoice papers are append-only'); END;
