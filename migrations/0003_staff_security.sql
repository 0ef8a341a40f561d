-- Shared-counter security: quick-switch PINs, forced password changes,
-- counter settings, voided payments, and the state before each audited change.

-- A PIN only unlocks a member who signed in with the full password today.
ALTER TABLE staff ADD COLUMN pin_hash TEXT;
ALTER TABLE staff ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN last_login_at TEXT; -- UTC, last full (password) sign-in

-- Typed in the core (store::settings); one row per key.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Money is never deleted: a payment is voided once, with a reason, and
-- nothing else about it may change.
ALTER TABLE payments ADD COLUMN voided_at TEXT;
ALTER TABLE payments ADD COLUMN voided_by TEXT REFERENCES staff (id);
ALTER TABLE payments ADD COLUMN void_reason TEXT;
CREATE TRIGGER payments_void_only BEFORE UPDATE ON payments
WHEN OLD.voided_at IS NOT NULL
  OR NEW.voided_at IS NULL OR NEW.voided_by IS NULL OR NEW.void_reason IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.ticket_id IS NOT OLD.ticket_id OR NEW.kind IS NOT OLD.kind
  OR NEW.method IS NOT OLD.method OR NEW.amount IS NOT OLD.amount OR NEW.tendered IS NOT OLD.tendered
  OR NEW.currency IS NOT OLD.currency OR NEW.reference IS NOT OLD.reference
  OR NEW.received_by IS NOT OLD.received_by OR NEW.received_at IS NOT OLD.received_at
BEGIN SELECT RAISE(ABORT, 'a payment can only be voided, once, with a reason'); END;

-- What the record looked like before the change (NULL for creations).
ALTER TABLE audit_log ADD COLUMN before TEXT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, at);
