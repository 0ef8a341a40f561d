-- A consultation's follow-up marked done (issue 16): the log stays
-- append-only, the mark is its own row, once per consultation.
CREATE TABLE follow_ups_done (
    consultation_id TEXT PRIMARY KEY REFERENCES consultations (id),
    note            TEXT,
    done_by         TEXT NOT NULL REFERENCES staff (id),
    done_at         TEXT NOT NULL
);
CREATE TRIGGER follow_ups_done_no_update BEFORE UPDATE ON follow_ups_done
BEGIN SELECT RAISE(ABORT, 'a follow-up done stays done'); END;
CREATE TRIGGER follow_ups_done_no_delete BEFORE DELETE ON follow_ups_done
BEGIN SELECT RAISE(ABORT, 'a follow-up done stays done'); END;
