-- Device migration 0024: a consultation's follow-up marked done.
CREATE TABLE rows.follow_ups_done (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "consultation_id" text,
    "note" text,
    "done_by" text,
    "done_at" text,
    PRIMARY KEY (_shop, "consultation_id")
);
