-- Voice recordings (issue 21): what a caller said after the beep, fetched from the provider and kept
-- encrypted (AES-256-GCM, src/security/phone-vault.ts sealBytes); purged with the reporter's retention.
-- A coordinator's transcript of it sits beside it. Prompts recorded by people for the spoken menu.
CREATE TABLE "recordings" (
    "id" UUID NOT NULL,
    "call_id" UUID NOT NULL,
    "report_id" UUID,
    "bytes" BYTEA NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "transcript" TEXT,
    "transcribed_by" TEXT,
    "transcribed_at" TIMESTAMPTZ(3),
    CONSTRAINT "recordings_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "recordings_call_id_key" ON "recordings"("call_id");
CREATE INDEX "recordings_report_id_idx" ON "recordings"("report_id");
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Focal points by voice: a call placed to the primary focal point of an unanswered severity-3 alert.
ALTER TABLE "calls" ADD COLUMN "alert_id" UUID;
ALTER TABLE "calls" ADD COLUMN "focal_point_id" UUID;
CREATE INDEX "calls_alert_id_idx" ON "calls"("alert_id");

-- Prompts recorded by people (radio animators): one audio file per language and prompt key, served to the
-- provider at /voice/prompts/:lang/:key; synthetic ones (espeak-ng placeholders) are marked as such.
CREATE TABLE "voice_prompts" (
    "lang" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "duration_ms" INTEGER,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,
    "uploaded_by" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "voice_prompts_pkey" PRIMARY KEY ("lang", "key")
);
