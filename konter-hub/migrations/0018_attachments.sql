-- Device migration 0034: files kept with a record (issue 17).
CREATE TABLE rows.attachments (
    _shop uuid NOT NULL REFERENCES shops (id),
    _seq bigint NOT NULL,
    _device uuid NOT NULL,
    "id" text,
    "subject" text,
    "subject_id" text,
    "name" text,
    "mime" text,
    "size" bigint,
    "bytes" bytea,
    "added_by" text,
    "at" text,
    PRIMARY KEY (_shop, "id")
);
