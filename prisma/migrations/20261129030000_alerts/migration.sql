-- Alerts that someone answers: incidents group reports, alerts follow one state machine and escalate,
-- and every transition lands in an append-only, hash-chained audit log.

CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "location_pcode" TEXT,
    "severity" INTEGER NOT NULL,
    "report_count" INTEGER NOT NULL DEFAULT 1,
    "reporter_count" INTEGER NOT NULL DEFAULT 1,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_report_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "incidents_category_location_pcode_last_report_at_idx" ON "incidents"("category", "location_pcode", "last_report_at");

ALTER TABLE "reports" ADD COLUMN "incident_id" UUID;
ALTER TABLE "reports" ADD CONSTRAINT "reports_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "reports_incident_id_idx" ON "reports"("incident_id");

ALTER TABLE "alerts" ADD COLUMN "incident_id" UUID;
ALTER TABLE "alerts" ADD COLUMN "escalation_level" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "alerts" ADD COLUMN "next_escalation_at" TIMESTAMPTZ(3);
ALTER TABLE "alerts" ADD COLUMN "resolution_note" TEXT;
ALTER TABLE "alerts" ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "alerts_incident_id_idx" ON "alerts"("incident_id");
CREATE INDEX "alerts_state_next_escalation_at_idx" ON "alerts"("state", "next_escalation_at");

ALTER TABLE "reporters" ADD COLUMN "opted_out_at" TIMESTAMPTZ(3);

CREATE TABLE "audit_log" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "from_state" TEXT,
    "to_state" TEXT,
    "actor" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "reason" TEXT,
    "details" JSONB,
    "prev_hash" TEXT,
    "hash" TEXT NOT NULL,
    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("seq")
);
CREATE INDEX "audit_log_entity_entity_id_seq_idx" ON "audit_log"("entity", "entity_id", "seq");
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- Append-only: the database itself refuses to change or delete an audit entry.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
