-- Device migration 0026: a product's cost price.
ALTER TABLE rows.products ADD COLUMN "cost" bigint;
