-- The incident rule and the audit chain's append live once, in TypeScript (src/alerts/incidents.ts,
-- src/db/incidents.repo.ts, src/db/audit.repo.ts): the functions that held a second copy go.
DROP FUNCTION IF EXISTS "route_fresh"(JSONB);
DROP FUNCTION IF EXISTS "audit_chain_end"();
