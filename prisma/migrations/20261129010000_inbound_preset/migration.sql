-- What a structured channel (the USSD menu) already fixed about a report: the intake worker keeps
-- these values instead of classifying them from the text.
ALTER TABLE "inbound_messages" ADD COLUMN "preset" JSONB;
