-- The customer's page (issue 16): a note about the customer, and whether
-- it pops up when the customer is picked at an intake or a sale ("pays
-- only in cash", "always wants the old parts back").
ALTER TABLE customers ADD COLUMN note TEXT;
ALTER TABLE customers ADD COLUMN note_flagged INTEGER NOT NULL DEFAULT 0;
