-- Check-ins (issue 20): a committee's focal point sends RAS ("rien a signaler") every `checkin_days`;
-- one row per committee the sender serves. A committee that misses its check-in gets one reminder
-- (an outbound message, idempotent by its dedupe key) and shows as silent on the dashboard.
ALTER TABLE "committees" ADD COLUMN "checkin_days" INTEGER NOT NULL DEFAULT 7;

CREATE TABLE "checkins" (
    "id" UUID NOT NULL,
    "committee_id" UUID NOT NULL,
    "focal_point_id" UUID NOT NULL,
    "inbound_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "checkins_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "checkins_inbound_id_committee_id_key" ON "checkins"("inbound_id", "committee_id");
CREATE INDEX "checkins_committee_id_at_idx" ON "checkins"("committee_id", "at");
CREATE INDEX "checkins_at_idx" ON "checkins"("at");
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_committee_id_fkey" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_focal_point_id_fkey" FOREIGN KEY ("focal_point_id") REFERENCES "focal_points"("id") ON DELETE CASCADE ON UPDATE CASCADE;
