-- On-site visits (issue 6): technicians' skills and hours, visit requests
-- with their SLA due time, bookings, and each visit's append-only history.

CREATE TABLE technicians (
    staff_id   TEXT PRIMARY KEY REFERENCES staff (id),
    branch     TEXT NOT NULL,
    skills     TEXT NOT NULL,              -- JSON array
    hours      TEXT NOT NULL,              -- JSON: 7 × {open, close} or null, Monday first
    days_off   TEXT NOT NULL,              -- JSON array of local dates
    active     INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

CREATE TABLE visits (
    id            TEXT PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    customer_id   TEXT NOT NULL REFERENCES customers (id),
    branch        TEXT NOT NULL,
    site_address  TEXT NOT NULL,
    site_contact  TEXT NOT NULL,
    site_phone    TEXT NOT NULL,
    kind          TEXT NOT NULL,           -- warranty | paid | maintenance | installation
    problem       TEXT NOT NULL,
    units         TEXT NOT NULL,           -- JSON: serials with their warranty verdicts
    skills        TEXT NOT NULL,           -- JSON array: what the technician must know
    preferred_at  TEXT,                    -- UTC, the customer's wish
    requested_at  TEXT NOT NULL,           -- UTC
    due_at        TEXT NOT NULL,           -- UTC, from the SLA
    technician_id TEXT REFERENCES staff (id),
    starts_at     TEXT,                    -- UTC
    ends_at       TEXT,                    -- UTC
    after_hours   INTEGER NOT NULL DEFAULT 0,
    quote         INTEGER NOT NULL DEFAULT 0,
    surcharge     INTEGER NOT NULL DEFAULT 0,
    currency      TEXT NOT NULL,
    status        TEXT NOT NULL,           -- requested | booked | checked_in | done | cancelled
    done_at       TEXT,
    breach_reason TEXT,
    created_by    TEXT NOT NULL REFERENCES staff (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX visits_technician ON visits (technician_id, starts_at);
CREATE INDEX visits_open ON visits (status, due_at);
CREATE INDEX visits_week ON visits (starts_at);

CREATE TABLE visit_events (
    id       TEXT PRIMARY KEY,
    visit_id TEXT NOT NULL REFERENCES visits (id),
    kind     TEXT NOT NULL,
    note     TEXT,
    data     TEXT NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    at       TEXT NOT NULL
);
CREATE INDEX visit_events_visit ON visit_events (visit_id, at);
CREATE TRIGGER visit_events_no_update BEFORE UPDATE ON visit_events
BEGIN SELECT RAISE(ABORT, 'visit history is append-only'); END;
CREATE TRIGGER visit_events_no_delete BEFORE DELETE ON visit_events
BEGIN SELECT RAISE(ABORT, 'visit history is append-only'); END;
