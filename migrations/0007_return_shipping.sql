-- What it cost to send a return back to the shop, and who bears it: the
-- shop for its own errors (seed 004: invoice and content mismatch, wrong or
-- damaged goods), the customer for their own mistake.
ALTER TABLE returns ADD COLUMN return_shipping INTEGER;
ALTER TABLE returns ADD COLUMN shipping_paid_by TEXT;   -- shop | customer
