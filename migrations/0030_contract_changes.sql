-- Maintenance contracts grow up (issue 17): changed (units, frequency,
-- response time; the future planned visits follow, done ones stay),
-- renewed for another period, cancelled with a reason. Each act is one
-- append-only event; the contract row keeps the terms in force.
ALTER TABLE contracts ADD COLUMN status TEXT NOT NULL DEFAULT 'active';  -- active | cancelled
ALTER TABLE contracts ADD COLUMN cancel_reason TEXT;
ALTER TABLE contracts ADD COLUMN cancelled_at TEXT;

CREATE TABLE contract_events (
    id          TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    kind        TEXT NOT NULL,     -- change | renew | cancel
    note        TEXT,
    data        TEXT NOT NULL,     -- before and after
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    at          TEXT NOT NULL
);
CREATE INDEX contract_events_contract ON contract_events (contract_id, at);
CREATE TRIGGER contract_events_no_update BEFORE UPDATE ON contract_events
BEGIN SELECT RAISE(ABORT, 'contract history is append-only'); END;
CREATE TRIGGER contract_events_no_delete BEFORE DELETE ON contract_events
BEGIN SELECT RAISE(ABORT, 'contract history is append-only'); END;
