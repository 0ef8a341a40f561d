-- Releasing an order's reservations and reading what left for an order
-- (imports, parcels back, returns) look rows up by order.
CREATE INDEX reservations_order ON reservations (order_id) WHERE released_at IS NULL;
CREATE INDEX stock_moves_order ON stock_moves (order_id) WHERE order_id IS NOT NULL;
