-- Money and stock integrity (issue 11).

-- When the customer received the goods (handed over, delivered, or the web
-- store's completion date for imported orders): the return window starts here.
ALTER TABLE orders ADD COLUMN received_at TEXT;
UPDATE orders SET received_at = (
    SELECT MAX(e.at) FROM order_events e
    WHERE e.order_id = orders.id AND e.kind IN ('handed_over', 'delivered')
) WHERE status IN ('picked_up', 'delivered');

-- What an order no longer asks for without goods coming back: a cancelled
-- backorder's goods, valued at what the parent order charged for them.
CREATE TABLE order_credits (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    currency        TEXT NOT NULL,
    reason          TEXT NOT NULL,
    source_order_id TEXT REFERENCES orders (id),
    staff_id        TEXT NOT NULL REFERENCES staff (id),
    at              TEXT NOT NULL
);
CREATE INDEX order_credits_order ON order_credits (order_id);
CREATE TRIGGER order_credits_no_update BEFORE UPDATE ON order_credits
BEGIN SELECT RAISE(ABORT, 'order_credits is append-only'); END;
CREATE TRIGGER order_credits_no_delete BEFORE DELETE ON order_credits
BEGIN SELECT RAISE(ABORT, 'order_credits is append-only'); END;

-- A payment the source never proved (a web order booked as paid without the
-- store's paid date) is voided once, with a reason; it stays listed.
ALTER TABLE order_payments ADD COLUMN void_reason TEXT;
DROP TRIGGER order_payments_decide_once;
CREATE TRIGGER order_payments_decide_once BEFORE UPDATE ON order_payments
WHEN NOT (
    (OLD.status = 'pending' AND NEW.status IN ('verified', 'rejected'))
    OR (OLD.status = 'verified' AND NEW.status = 'void' AND NEW.void_reason IS NOT NULL)
  )
  OR NEW.amount IS NOT OLD.amount OR NEW.method IS NOT OLD.method OR NEW.order_id IS NOT OLD.order_id
  OR NEW.kind IS NOT OLD.kind OR NEW.received_at IS NOT OLD.received_at
BEGIN SELECT RAISE(ABORT, 'a payment is decided once and never edited'); END;
