-- A contract's planned visits are made as time goes on (issue 17): the
-- plan's visits up to a horizon exist; `planned_through` is the last plan
-- day made, `plan_version` counts the changes of terms (a replanned visit
-- gets a new key), `planner` is the branch and counter that makes them.
-- Contracts from before had every visit made at creation: written quietly
-- (as sync writes), so a joined device does not send every contract again;
-- every device and the hub (its migration 0015) fill it in alike.
ALTER TABLE contracts ADD COLUMN planned_through TEXT;
ALTER TABLE contracts ADD COLUMN plan_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contracts ADD COLUMN planner TEXT;
UPDATE sync_applying SET active = 1 WHERE id = 1;
UPDATE contracts SET planned_through = ends_on;
UPDATE sync_applying SET active = 0 WHERE id = 1;
