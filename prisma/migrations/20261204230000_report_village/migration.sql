-- The village a report names (its name in reference/mali-settlements.csv), when one is known: the
-- alert SMS names it beside the commune, which alone can be a day's walk wide.
ALTER TABLE "reports" ADD COLUMN "village" TEXT;
