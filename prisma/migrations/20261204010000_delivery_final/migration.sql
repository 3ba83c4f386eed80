-- A delivery report may say a message failed for now (Africa's Talking AbsentSubscriber: handset off)
-- while the network keeps trying: such a failure is not final, and a later report may still say delivered.
-- Until now every delivered or failed state was final: keep them so.
ALTER TABLE "outbound_messages" ADD COLUMN "state_final" BOOLEAN NOT NULL DEFAULT false;
UPDATE "outbound_messages" SET "state_final" = true WHERE "state" IN ('delivered', 'failed');
ALTER TABLE "message_status_events" ADD COLUMN "final" BOOLEAN NOT NULL DEFAULT false;
UPDATE "message_status_events" SET "final" = true WHERE "state" IN ('delivered', 'failed');
