-- A maintenance contract's own response time (issue 6): a visit requested
-- for a unit the contract covers is due within these working hours, when
-- that is sooner than the shop's SLA.
ALTER TABLE contracts ADD COLUMN sla_hours INTEGER NOT NULL DEFAULT 48;
