-- Files kept with a record (issue 17): a service order's site photo or
-- floor plan, a traded-in unit's photos. PNG, JPEG or PDF checked by their
-- bytes, at most 2 MB each; kept in the database so they travel with the
-- shop's data. Append-only.
CREATE TABLE attachments (
    id         TEXT PRIMARY KEY,
    subject    TEXT NOT NULL,            -- service_order | trade_in
    subject_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    mime       TEXT NOT NULL,            -- image/png | image/jpeg | application/pdf
    size       INTEGER NOT NULL CHECK (size > 0),
    bytes      BLOB NOT NULL,
    added_by   TEXT NOT NULL REFERENCES staff (id),
    at         TEXT NOT NULL
);
CREATE INDEX attachments_subject ON attachments (subject, subject_id);
CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
