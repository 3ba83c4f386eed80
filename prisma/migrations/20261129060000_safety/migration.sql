-- Abuse resistance: per-number rate limits and coordinated-flood detection need fast look-ups by
-- sender and by text fingerprint; reports carry the flags; reporters carry a trust score.
ALTER TABLE "inbound_messages" ADD COLUMN "text_fingerprint" TEXT;
CREATE INDEX "inbound_messages_from_hash_received_at_idx" ON "inbound_messages"("from_hash", "received_at");
CREATE INDEX "inbound_messages_text_fingerprint_received_at_idx" ON "inbound_messages"("text_fingerprint", "received_at");
ALTER TABLE "reports" ADD COLUMN "flags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "reporters" ADD COLUMN "trust" DOUBLE PRECISION NOT NULL DEFAULT 0.5;
-- Whether independent, trusted reporters have already raised the incident's severity (once).
ALTER TABLE "incidents" ADD COLUMN "corroborated" BOOLEAN NOT NULL DEFAULT false;
