-- The customer's page (issue 16): a note about the customer, and whether
-- it pops up when the customer is picked at an intake or a sale ("pays
-- only in cash", "always wants the old parts back"). Both nullable: a row
-- from a device that does not know them yet arrives without them (read
-- as no note, not flagged).
ALTER TABLE customers ADD COLUMN note TEXT;
ALTER TABLE customers ADD COLUMN note_flagged INTEGER;
