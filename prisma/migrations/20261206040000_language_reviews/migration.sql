-- Native review of local-language texts and lexicon entries (issue 19): a speaker marks an item reviewed
-- or proposes a correction, which an admin accepts or rejects; accepted ones are laid over the shipped data.
CREATE TABLE "language_reviews" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "proposed" TEXT,
    "status" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    CONSTRAINT "language_reviews_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "language_reviews_kind_check" CHECK ("kind" IN ('lexicon', 'text')),
    CONSTRAINT "language_reviews_status_check" CHECK ("status" IN ('reviewed', 'proposed', 'accepted', 'rejected'))
);
CREATE INDEX "language_reviews_kind_language_key_idx" ON "language_reviews"("kind", "language", "key");
CREATE INDEX "language_reviews_at_idx" ON "language_reviews"("at");
