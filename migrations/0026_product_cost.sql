-- What the shop pays for a product (issue 16): the margin in the sales
-- report where it is known; carried by the catalogue's spreadsheet import.
ALTER TABLE products ADD COLUMN cost INTEGER CHECK (cost IS NULL OR cost >= 0);
