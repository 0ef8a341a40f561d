-- Device migration 0025: the customer's note and its pop-up flag.
ALTER TABLE rows.customers ADD COLUMN "note" text;
ALTER TABLE rows.customers ADD COLUMN "note_flagged" bigint;
