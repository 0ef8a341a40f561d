-- Device migration 0027: a courier run's stop order.
ALTER TABLE rows.courier_jobs ADD COLUMN "stop" bigint;
