-- The audit chain is linked after the fact. A change's transaction only appends its entries (no lock,
-- no read of the chain's end, so no transaction waits on another's round trips); the sealer
-- (src/db/audit.repo.ts) then gives the committed entries their place in the chain (chain_pos),
-- the previous entry's hash and their own, one sealer at a time. Entries already chained keep
-- their order: their place is their sequence number.
ALTER TABLE "audit_log" ALTER COLUMN "hash" DROP NOT NULL;
ALTER TABLE "audit_log" ADD COLUMN "chain_pos" BIGINT;
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_no_update";
UPDATE "audit_log" SET "chain_pos" = "seq";
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_no_update";
CREATE UNIQUE INDEX "audit_log_chain_pos_key" ON "audit_log"("chain_pos");

-- Still append-only: the one update allowed is the seal of an entry not yet sealed, its content unchanged.
CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."chain_pos" IS NULL AND OLD."hash" IS NULL AND OLD."prev_hash" IS NULL
     AND NEW."chain_pos" IS NOT NULL AND NEW."hash" IS NOT NULL
     AND (NEW."seq", NEW."at", NEW."entity", NEW."entity_id", NEW."action", NEW."from_state", NEW."to_state",
          NEW."actor", NEW."channel", NEW."reason", NEW."details")
         IS NOT DISTINCT FROM
         (OLD."seq", OLD."at", OLD."entity", OLD."entity_id", OLD."action", OLD."from_state", OLD."to_state",
          OLD."actor", OLD."channel", OLD."reason", OLD."details") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
