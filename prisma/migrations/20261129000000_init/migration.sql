-- Sabali initial schema: inbound messages, reporters, reports, committees, alerts, outbound SMS.
-- Phone numbers are never stored in clear: *_enc is AES-256-GCM ciphertext, *_hash an HMAC.

CREATE TYPE "InboundState" AS ENUM ('received', 'processed', 'failed');
CREATE TYPE "OutboundState" AS ENUM ('queued', 'sent', 'delivered', 'failed');

CREATE TABLE "reporters" (
    "id" UUID NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "phone_enc" TEXT,
    "pseudonym" TEXT NOT NULL,
    "language" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reporters_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "reporters_phone_hash_key" ON "reporters"("phone_hash");
CREATE UNIQUE INDEX "reporters_pseudonym_key" ON "reporters"("pseudonym");

CREATE TABLE "inbound_messages" (
    "id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "reporter_id" UUID,
    "from_hash" TEXT NOT NULL,
    "from_enc" TEXT NOT NULL,
    "from_is_number" BOOLEAN NOT NULL,
    "to" TEXT,
    "text" TEXT NOT NULL,
    "provider_date" TIMESTAMPTZ(3),
    "link_id" TEXT,
    "network_code" TEXT,
    "flags" TEXT[],
    "state" "InboundState" NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    CONSTRAINT "inbound_messages_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "inbound_messages_channel_provider_id_key" ON "inbound_messages"("channel", "provider_id");
CREATE INDEX "inbound_messages_state_received_at_idx" ON "inbound_messages"("state", "received_at");

CREATE TABLE "reports" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "inbound_id" UUID NOT NULL,
    "reporter_id" UUID,
    "category" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "location_pcode" TEXT,
    "location_level" TEXT,
    "matched" TEXT[],
    "classifier" TEXT NOT NULL,
    "routed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "reports_reference_key" ON "reports"("reference");
CREATE UNIQUE INDEX "reports_inbound_id_key" ON "reports"("inbound_id");
CREATE INDEX "reports_created_at_idx" ON "reports"("created_at");
CREATE INDEX "reports_routed_at_idx" ON "reports"("routed_at");

CREATE TABLE "committees" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "pcode" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "committees_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "committees_pcode_type_key" ON "committees"("pcode", "type");

CREATE TABLE "focal_points" (
    "id" UUID NOT NULL,
    "committee_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "phone_enc" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'fr',
    "active" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "focal_points_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "focal_points_committee_id_rank_idx" ON "focal_points"("committee_id", "rank");
CREATE INDEX "focal_points_phone_hash_idx" ON "focal_points"("phone_hash");

CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "report_id" UUID NOT NULL,
    "committee_id" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "location_pcode" TEXT,
    "state" TEXT NOT NULL DEFAULT 'sent',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "alerts_reference_key" ON "alerts"("reference");
CREATE UNIQUE INDEX "alerts_report_id_committee_id_key" ON "alerts"("report_id", "committee_id");
CREATE INDEX "alerts_created_at_idx" ON "alerts"("created_at");

CREATE TABLE "outbound_messages" (
    "id" UUID NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "to_hash" TEXT NOT NULL,
    "to_enc" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "encoding" TEXT NOT NULL,
    "segments" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL,
    "state" "OutboundState" NOT NULL DEFAULT 'queued',
    "provider_message_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "alert_id" UUID,
    "report_id" UUID,
    "focal_point_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "outbound_messages_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "outbound_messages_dedupe_key_key" ON "outbound_messages"("dedupe_key");
CREATE UNIQUE INDEX "outbound_messages_channel_provider_message_id_key" ON "outbound_messages"("channel", "provider_message_id");
CREATE INDEX "outbound_messages_state_created_at_idx" ON "outbound_messages"("state", "created_at");
CREATE INDEX "outbound_messages_created_at_idx" ON "outbound_messages"("created_at");

CREATE TABLE "send_attempts" (
    "id" UUID NOT NULL,
    "outbound_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "error_code" TEXT,
    "provider_status" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "send_attempts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "send_attempts_outbound_id_idx" ON "send_attempts"("outbound_id");

CREATE TABLE "message_status_events" (
    "id" UUID NOT NULL,
    "outbound_id" UUID NOT NULL,
    "raw_status" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "failure_reason" TEXT,
    "applied" BOOLEAN NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "message_status_events_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "message_status_events_outbound_id_raw_status_key" ON "message_status_events"("outbound_id", "raw_status");

ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_reporter_id_fkey" FOREIGN KEY ("reporter_id") REFERENCES "reporters"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "reports" ADD CONSTRAINT "reports_inbound_id_fkey" FOREIGN KEY ("inbound_id") REFERENCES "inbound_messages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_id_fkey" FOREIGN KEY ("reporter_id") REFERENCES "reporters"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "focal_points" ADD CONSTRAINT "focal_points_committee_id_fkey" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_committee_id_fkey" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_focal_point_id_fkey" FOREIGN KEY ("focal_point_id") REFERENCES "focal_points"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "send_attempts" ADD CONSTRAINT "send_attempts_outbound_id_fkey" FOREIGN KEY ("outbound_id") REFERENCES "outbound_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "message_status_events" ADD CONSTRAINT "message_status_events_outbound_id_fkey" FOREIGN KEY ("outbound_id") REFERENCES "outbound_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
