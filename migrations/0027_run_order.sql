-- A courier run's stops in driving order (issue 16): set by the counter or
-- the courier; none = by city, then as the jobs were made.
ALTER TABLE courier_jobs ADD COLUMN stop INTEGER CHECK (stop IS NULL OR stop >= 0);
