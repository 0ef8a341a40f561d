-- Device migration 0031: a contract's visits made as time goes on (issue 17).
ALTER TABLE rows.contracts ADD COLUMN "planned_through" text;
ALTER TABLE rows.contracts ADD COLUMN "plan_version" bigint;
ALTER TABLE rows.contracts ADD COLUMN "planner" text;
