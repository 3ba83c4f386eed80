-- Committees are the operator's data: a committee covers several places, is retired rather than
-- deleted (its alerts and audit keep it), and one name names one active committee (CSV lines group by it).
ALTER TABLE "committees" ADD COLUMN "coverage" TEXT[] NOT NULL DEFAULT '{}';
UPDATE "committees" SET "coverage" = ARRAY["pcode"];
ALTER TABLE "committees" ADD COLUMN "retired_at" TIMESTAMPTZ(3);
ALTER TABLE "committees" ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
DROP INDEX "committees_pcode_type_key";
CREATE INDEX "committees_pcode_type_idx" ON "committees"("pcode", "type");
CREATE INDEX "committees_coverage_idx" ON "committees" USING GIN ("coverage");
CREATE UNIQUE INDEX "committees_active_name_key" ON "committees"(lower("name")) WHERE "retired_at" IS NULL;
