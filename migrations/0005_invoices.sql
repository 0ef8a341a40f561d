-- Invoices become voidable (never deleted; the number is kept and the paper
-- prints VOID), and orders get invoices of their own. Ticket and order
-- invoices draw numbers from the same series, so a number is never reused.

ALTER TABLE invoices ADD COLUMN buyer_tax_id TEXT;
ALTER TABLE invoices ADD COLUMN voided_at TEXT;
ALTER TABLE invoices ADD COLUMN voided_by TEXT REFERENCES staff (id);
ALTER TABLE invoices ADD COLUMN void_reason TEXT;
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices are never deleted'); END;
CREATE TRIGGER invoices_void_only BEFORE UPDATE ON invoices
WHEN OLD.voided_at IS NOT NULL
  OR NEW.voided_at IS NULL OR NEW.voided_by IS NULL OR NEW.void_reason IS NULL
  OR NEW.number IS NOT OLD.number OR NEW.total IS NOT OLD.total OR NEW.tax IS NOT OLD.tax
  OR NEW.base IS NOT OLD.base OR NEW.subtotal IS NOT OLD.subtotal OR NEW.ticket_id IS NOT OLD.ticket_id
  OR NEW.issued_at IS NOT OLD.issued_at OR NEW.buyer_tax_id IS NOT OLD.buyer_tax_id
BEGIN SELECT RAISE(ABORT, 'an invoice can only be voided, once, with a reason'); END;
CREATE TRIGGER invoice_lines_no_update BEFORE UPDATE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'invoice lines are never edited'); END;
CREATE TRIGGER invoice_lines_no_delete BEFORE DELETE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'invoice lines are never deleted'); END;

CREATE TABLE order_invoices (
    id            TEXT PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    order_id      TEXT NOT NULL REFERENCES orders (id),
    subtotal      INTEGER NOT NULL,
    discount      INTEGER NOT NULL,
    base          INTEGER NOT NULL,
    tax           INTEGER NOT NULL,
    shipping      INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    tax_rate      TEXT NOT NULL,
    tax_inclusive INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    buyer_tax_id  TEXT,
    lines         TEXT NOT NULL,   -- JSON snapshot of the lines as invoiced
    issued_by     TEXT NOT NULL REFERENCES staff (id),
    issued_at     TEXT NOT NULL,
    voided_at     TEXT,
    voided_by     TEXT REFERENCES staff (id),
    void_reason   TEXT
);
-- One live invoice per order; voided ones stay beside it.
CREATE UNIQUE INDEX order_invoices_live ON order_invoices (order_id) WHERE voided_at IS NULL;
CREATE INDEX order_invoices_issued ON order_invoices (issued_at);
CREATE TRIGGER order_invoices_no_delete BEFORE DELETE ON order_invoices
BEGIN SELECT RAISE(ABORT, 'invoices are never deleted'); END;
CREATE TRIGGER order_invoices_void_only BEFORE UPDATE ON order_invoices
WHEN OLD.voided_at IS NOT NULL
  OR NEW.voided_at IS NULL OR NEW.voided_by IS NULL OR NEW.void_reason IS NULL
  OR NEW.number IS NOT OLD.number OR NEW.total IS NOT OLD.total OR NEW.order_id IS NOT OLD.order_id
  OR NEW.issued_at IS NOT OLD.issued_at OR NEW.buyer_tax_id IS NOT OLD.buyer_tax_id OR NEW.lines IS NOT OLD.lines
BEGIN SELECT RAISE(ABORT, 'an invoice can only be voided, once, with a reason'); END;

ALTER TABLE orders ADD COLUMN buyer_tax_id TEXT;

-- Imported web orders: the store's last modification, to tell a changed
-- order (update it) from the same one sent twice (leave it).
ALTER TABLE orders ADD COLUMN external_modified TEXT;
