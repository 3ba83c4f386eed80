-- Voice calls (issue 21): every call Africa's Talking tells us about, and every call back we queue for a
-- missed call; the final callback's duration, cost and hang-up cause. Numbers as everywhere: hash + ciphertext.
CREATE TABLE "calls" (
    "id" UUID NOT NULL,
    "session_id" TEXT,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "phone_enc" TEXT,
    "our_number" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "duration_seconds" INTEGER,
    "currency_code" TEXT,
    "amount" TEXT,
    "hangup_cause" TEXT,
    "report_reference" TEXT,
    "recording_url_enc" TEXT,
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "placed_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    CONSTRAINT "calls_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "calls_session_id_key" ON "calls"("session_id");
CREATE INDEX "calls_phone_hash_created_at_idx" ON "calls"("phone_hash", "created_at");
CREATE INDEX "calls_created_at_idx" ON "calls"("created_at");
