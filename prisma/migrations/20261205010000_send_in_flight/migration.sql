-- A send is recorded as started before the provider is called, and cleared when its outcome is recorded:
-- a send job that finds it still set knows an earlier attempt died mid-call (a killed worker) and that
-- the provider may or may not have the message. Where the provider cannot deduplicate on our id, the
-- message ends in the state 'unknown' instead of being sent a second time.
ALTER TYPE "OutboundState" ADD VALUE IF NOT EXISTS 'unknown';
ALTER TABLE "outbound_messages" ADD COLUMN "send_started_at" TIMESTAMPTZ(3);
