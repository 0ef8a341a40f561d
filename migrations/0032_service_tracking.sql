-- A service order on the shop's tracking page (issue 17): its own code,
-- drawn from the same space as the tickets' so one code opens one page.
-- Orders from before have none.
ALTER TABLE service_orders ADD COLUMN tracking_code TEXT;
CREATE INDEX service_orders_tracking ON service_orders (tracking_code);
