-- Maintenance contracts with their planned visits, and the free
-- consultation log (issue 6, seed 002).

CREATE TABLE contracts (
    id          TEXT PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    units       TEXT NOT NULL,             -- JSON array of serials
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    frequency   TEXT NOT NULL,             -- monthly | quarterly | half_yearly | yearly
    site_address TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES staff (id),
    created_at  TEXT NOT NULL
);
ALTER TABLE visits ADD COLUMN contract_id TEXT REFERENCES contracts (id);
CREATE INDEX visits_contract ON visits (contract_id);

CREATE TABLE consultations (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (id),
    serial       TEXT,
    problem      TEXT NOT NULL,
    software     TEXT,                     -- software and settings in use
    advice       TEXT NOT NULL,
    follow_up_on TEXT,                     -- local date
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    at           TEXT NOT NULL
);
CREATE INDEX consultations_customer ON consultations (customer_id, at);
CREATE INDEX consultations_follow_up ON consultations (follow_up_on);
CREATE TRIGGER consultations_no_update BEFORE UPDATE ON consultations
BEGIN SELECT RAISE(ABORT, 'the consultation log is append-only'); END;
CREATE TRIGGER consultations_no_delete BEFORE DELETE ON consultations
BEGIN SELECT RAISE(ABORT, 'the consultation log is append-only'); END;
