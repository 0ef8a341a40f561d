-- Pickup and delivery of devices (issue 6): courier jobs linked to service
-- tickets, and the append-only chain of custody of each device.

CREATE TABLE courier_jobs (
    id              TEXT PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,          -- pickup | delivery
    ticket_id       TEXT NOT NULL REFERENCES tickets (id),
    address         TEXT NOT NULL,
    city            TEXT NOT NULL,
    phone           TEXT NOT NULL,
    courier_id      TEXT NOT NULL REFERENCES staff (id),
    planned_on      TEXT NOT NULL,          -- local date
    fee             INTEGER NOT NULL,
    cash_to_collect INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    status          TEXT NOT NULL,          -- planned | done | cancelled
    note            TEXT,
    created_by      TEXT NOT NULL REFERENCES staff (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX courier_jobs_run ON courier_jobs (courier_id, planned_on);

CREATE TABLE custody (
    id        TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    job_id    TEXT REFERENCES courier_jobs (id),
    from_party TEXT NOT NULL,               -- customer | courier | counter | technician
    to_party   TEXT NOT NULL,
    staff_id  TEXT NOT NULL REFERENCES staff (id),
    condition TEXT NOT NULL,
    scanned   TEXT NOT NULL,                -- the ticket code read from its barcode
    at        TEXT NOT NULL
);
CREATE INDEX custody_ticket ON custody (ticket_id);
CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
BEGIN SELECT RAISE(ABORT, 'custody is append-only'); END;
CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
BEGIN SELECT RAISE(ABORT, 'custody is append-only'); END;
