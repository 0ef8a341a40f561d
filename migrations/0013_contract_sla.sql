-- A maintenance contract's own response time (issue 6): a visit requested
-- for a unit the contract covers is due within these working hours, when
-- that is sooner than the shop's SLA, and is linked to the contract. The
-- contract's own plan is told apart from such call-outs by `planned`.
ALTER TABLE contracts ADD COLUMN sla_hours INTEGER NOT NULL DEFAULT 48;
ALTER TABLE visits ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
