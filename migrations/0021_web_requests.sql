-- The shop's public face (issue 14). What customers do on the hub's pages
-- is carried through the counter's rules under this account: it cannot sign
-- in (inactive, no valid password hash) and acts with a front desk's rights.
-- Written quietly (as sync writes), so a joined device does not send it:
-- every device has it from this migration.
UPDATE sync_applying SET active = 1 WHERE id = 1;
INSERT OR IGNORE INTO staff (id, username, name, role, password_hash, active, created_at)
VALUES ('00000000-0000-7000-8000-000000000001', '~web', 'Pelanggan (web)', 'front_desk', '!', 0, '2026-12-01T00:00:00.000000Z');
UPDATE sync_applying SET active = 0 WHERE id = 1;

-- The hub's requests this device carried out or refused: a request handed
-- out again (the device's word on it did not reach the hub) is answered
-- from here, not applied twice. Never leaves the device.
-- `queued_through`: the upload queue's last change when it was carried
-- out; the hub hears the answer once the queue has sent that far (the
-- request's effects are at the hub).
CREATE TABLE web_requests_done (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    applied        INTEGER NOT NULL,
    code           TEXT,
    settled        INTEGER NOT NULL DEFAULT 0,
    queued_through INTEGER NOT NULL DEFAULT 0,
    at             TEXT NOT NULL
);

-- A request whose carrying out failed in the database, how often and since
-- when: after five tries over ten minutes it is answered refused, so one bad
-- request never holds up the rest (and a busy moment refuses nothing).
-- Never leaves the device.
CREATE TABLE web_requests_tries (
    id       TEXT PRIMARY KEY,
    tries    INTEGER NOT NULL,
    first_at TEXT NOT NULL
);
