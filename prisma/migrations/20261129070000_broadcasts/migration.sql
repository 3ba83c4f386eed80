-- Prevention messages: contacts (radio hosts, subscribers, focal points) with zones and languages,
-- broadcasts drafted per language and approved by a second person, their on-air confirmations, and
-- opt-outs per phone hash (STOP by SMS or Africa's Talking's callback), checked again at send time.

CREATE TABLE "contacts" (
    "id" UUID NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "phone_enc" TEXT NOT NULL,
    "name" TEXT,
    "role" TEXT NOT NULL,
    "station" TEXT,
    "languages" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "zones" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "language" TEXT NOT NULL DEFAULT 'fr',
    "opted_out_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "contacts_phone_hash_key" ON "contacts"("phone_hash");
CREATE INDEX "contacts_role_idx" ON "contacts"("role");

-- One row per number that said STOP (or opted out at the provider); START deletes it.
CREATE TABLE "opt_outs" (
    "phone_hash" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sender_id" TEXT,
    "opted_out_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "opt_outs_pkey" PRIMARY KEY ("phone_hash")
);

CREATE TABLE "broadcasts" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "incident_id" UUID,
    "alert_id" UUID,
    "audience" TEXT NOT NULL,
    "zones" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "budget" INTEGER NOT NULL,
    "texts" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "folded" BOOLEAN NOT NULL DEFAULT false,
    "drafted_by" UUID NOT NULL,
    "approved_by" UUID,
    "approved_at" TIMESTAMPTZ(3),
    "send_started_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "broadcasts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "broadcasts_motive_check" CHECK ("incident_id" IS NOT NULL OR "alert_id" IS NOT NULL),
    CONSTRAINT "broadcasts_second_person_check" CHECK ("approved_by" IS NULL OR "approved_by" <> "drafted_by")
);
CREATE UNIQUE INDEX "broadcasts_reference_key" ON "broadcasts"("reference");
CREATE INDEX "broadcasts_created_at_idx" ON "broadcasts"("created_at");
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_drafted_by_fkey" FOREIGN KEY ("drafted_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_approved_by_fkey" FOREIGN KEY ("approved_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A radio host's on-air confirmation (DIFFUSE <ref> [times]); one per inbound SMS.
CREATE TABLE "broadcast_airings" (
    "id" UUID NOT NULL,
    "broadcast_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "station" TEXT,
    "times" INTEGER NOT NULL DEFAULT 1,
    "inbound_id" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "broadcast_airings_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "broadcast_airings_inbound_id_key" ON "broadcast_airings"("inbound_id");
CREATE INDEX "broadcast_airings_broadcast_id_idx" ON "broadcast_airings"("broadcast_id");
ALTER TABLE "broadcast_airings" ADD CONSTRAINT "broadcast_airings_broadcast_id_fkey" FOREIGN KEY ("broadcast_id") REFERENCES "broadcasts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "broadcast_airings" ADD CONSTRAINT "broadcast_airings_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Each SMS of a broadcast is an outbound message: sent / delivered / failed are counted from there.
ALTER TABLE "outbound_messages" ADD COLUMN "broadcast_id" UUID;
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_broadcast_id_fkey" FOREIGN KEY ("broadcast_id") REFERENCES "broadcasts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "outbound_messages_broadcast_id_state_idx" ON "outbound_messages"("broadcast_id", "state");
