-- A language the reporter chose in the USSD menu is kept for every SMS to that number: a later SMS
-- written in another language no longer overwrites it (only another choice in the menu does).
ALTER TABLE "reporters" ADD COLUMN "language_chosen" BOOLEAN NOT NULL DEFAULT false;
