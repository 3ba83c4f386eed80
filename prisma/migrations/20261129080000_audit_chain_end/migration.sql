-- The audit chain's end for an append in the same statement: takes the audit lock (the key the
-- application uses, 72707370), then reads the last hash. A VOLATILE function's query runs with a fresh
-- snapshot, so it sees every entry committed before the lock was granted, although the calling
-- statement's own snapshot is older. The lock is held until the caller's transaction ends.
CREATE FUNCTION "audit_chain_end"() RETURNS TEXT LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  last_hash TEXT;
BEGIN
  PERFORM pg_advisory_xact_lock(72707370);
  SELECT "hash" INTO last_hash FROM "audit_log" ORDER BY "seq" DESC LIMIT 1;
  RETURN last_hash;
END;
$$;
