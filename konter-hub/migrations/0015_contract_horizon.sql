-- Device migration 0031: a contract's visits made as time goes on (issue 17).
ALTER TABLE rows.contracts ADD COLUMN "planned_through" text;
ALTER TABLE rows.contracts ADD COLUMN "plan_version" bigint;
ALTER TABLE rows.contracts ADD COLUMN "planner" text;
-- Contracts from before had every visit made: as the devices fill it in.
UPDATE rows.contracts SET planned_through = ends_on, plan_version = 0 WHERE plan_version IS NULL;
