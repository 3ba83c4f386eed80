-- USSD: one row per Africa's Talking end-of-session notification (deduplicated on the session id).
-- The phone number is kept only as a keyed hash and a ciphertext, like every other table.
CREATE TABLE "ussd_events" (
    "id" UUID NOT NULL,
    "session_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "service_code" TEXT,
    "network_code" TEXT,
    "phone_hash" TEXT,
    "phone_enc" TEXT,
    "cost" TEXT,
    "duration_ms" INTEGER,
    "hops_count" INTEGER,
    "hops_metadata" TEXT,
    "last_app_response" TEXT,
    "error_message" TEXT,
    "report_reference" TEXT,
    "flags" TEXT[],
    "provider_date" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ussd_events_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ussd_events_session_id_key" ON "ussd_events"("session_id");
CREATE INDEX "ussd_events_phone_hash_idx" ON "ussd_events"("phone_hash");
CREATE INDEX "ussd_events_received_at_idx" ON "ussd_events"("received_at");

-- The first screen of a dial offers the reporter's latest place: their reports, newest first.
CREATE INDEX "reports_reporter_id_created_at_idx" ON "reports"("reporter_id", "created_at");
