-- Device migration 0032: a service order's tracking code (issue 17).
ALTER TABLE rows.service_orders ADD COLUMN "tracking_code" text;
CREATE INDEX service_orders_tracking ON rows.service_orders (_shop, "tracking_code");
