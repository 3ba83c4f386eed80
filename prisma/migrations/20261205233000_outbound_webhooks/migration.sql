-- Outbound webhooks: who subscribes to which incident events (the secret sealed like a phone number),
-- each event written in the same transaction as the state move that raised it (an outbox), and one
-- delivery per event and subscriber with its attempts, last answer and whether it was given up on.
CREATE TABLE "webhook_subscriptions" (
  "id" UUID NOT NULL,
  "url" TEXT NOT NULL,
  "secret_enc" TEXT NOT NULL,
  "secret_hint" TEXT NOT NULL,
  "events" TEXT[] NOT NULL,
  "regions" TEXT[] NOT NULL DEFAULT '{}',
  "created_by" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "webhook_subscriptions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "webhook_events" (
  "id" UUID NOT NULL,
  "key" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "pcode" TEXT,
  "payload" JSONB NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "fanned_out_at" TIMESTAMPTZ(3),
  CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "webhook_events_key_key" ON "webhook_events"("key");
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events"("created_at") WHERE "fanned_out_at" IS NULL;

CREATE TABLE "webhook_deliveries" (
  "id" UUID NOT NULL,
  "event_id" UUID NOT NULL,
  "subscription_id" UUID NOT NULL,
  "state" TEXT NOT NULL DEFAULT 'pending',
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "last_status" INTEGER,
  "last_error" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "webhook_deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "webhook_events"("id") ON DELETE CASCADE,
  CONSTRAINT "webhook_deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "webhook_deliveries_event_id_subscription_id_key" ON "webhook_deliveries"("event_id", "subscription_id");
CREATE INDEX "webhook_deliveries_subscription_id_created_at_idx" ON "webhook_deliveries"("subscription_id", "created_at");
CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries"("updated_at") WHERE "state" = 'pending';
