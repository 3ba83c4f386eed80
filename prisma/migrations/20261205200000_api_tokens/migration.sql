-- Personal API tokens: a user's own bearer token for /api, acting with that user's role and regions
-- (two-person rule, audit) instead of a request field naming them. Only the SHA-256 of the token is
-- kept; the short prefix names it in lists and in the users command. Revoked tokens stay, for the audit.
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "label" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_tokens_prefix_key" ON "api_tokens"("prefix");
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Failed logins are counted per account and address in Redis (src/users/login-guard.ts): these columns
-- have been unused since.
ALTER TABLE "users" DROP COLUMN "failed_attempts", DROP COLUMN "locked_until";

-- A prevention message drafted with the shared ADMIN_TOKEN has no person as its drafter (a person must
-- approve it).
ALTER TABLE "broadcasts" ALTER COLUMN "drafted_by" DROP NOT NULL;
