-- The coordinators' dashboard: accounts with roles and region limits (password hashed with scrypt,
-- lockout after repeated failures), and the labelled examples that triage corrections feed to the
-- classifier.

CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" TEXT NOT NULL,
    "regions" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "password_hash" TEXT NOT NULL,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "disabled_at" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

CREATE TABLE "labelled_examples" (
    "id" UUID NOT NULL,
    "report_id" UUID,
    "text" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "pcode" TEXT,
    "source" TEXT NOT NULL,
    "corrected_by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "labelled_examples_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "labelled_examples_report_id_idx" ON "labelled_examples"("report_id");
CREATE INDEX "labelled_examples_at_idx" ON "labelled_examples"("at");
ALTER TABLE "labelled_examples" ADD CONSTRAINT "labelled_examples_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE SET NULL ON UPDATE CASCADE;
