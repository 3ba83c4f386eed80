-- A fresh report's routing as one statement (see routingRepository.routeFresh): under the incident
-- lock, joins the open incident of its category and place, or opens a new one with its alerts, their
-- SMS, the receipt and the audit entries. Called outside any transaction, the statement is its own
-- transaction, so the audit lock (taken last, by audit_chain_end) is released by the commit that
-- follows at once in the server: no client round trip while it is held, whatever the client's load.
-- Each query of a VOLATILE function sees what was committed before it began (READ COMMITTED), so
-- reads made after a lock is granted see every write of the lock's previous holder.
CREATE FUNCTION "route_fresh"(f JSONB) RETURNS JSONB LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_report UUID := (f->>'reportId')::uuid;
  v_reporter UUID := (f->>'reporterId')::uuid;
  v_now TIMESTAMPTZ := (f->>'now')::timestamptz;
  open_incident RECORD;
  known INT;
  new_reporter BOOLEAN;
  corroborates BOOLEAN;
  severity_now INT;
  report_count_now INT;
  raised JSONB;
  queued JSONB;
  prev TEXT;
  entry JSONB;
  entry_hash TEXT;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('incident:' || (f->>'category') || ':' || COALESCE(f->>'pcode', '')));
  IF EXISTS (SELECT 1 FROM "reports" WHERE "id" = v_report AND "incident_id" IS NOT NULL) THEN
    RETURN jsonb_build_object('kind', 'attached');
  END IF;

  SELECT * INTO open_incident FROM "incidents"
   WHERE "category" = f->>'category' AND "location_pcode" = f->>'pcode' AND "last_report_at" >= (f->>'since')::timestamptz
   ORDER BY "last_report_at" DESC LIMIT 1;
  IF FOUND THEN
    SELECT count(*) INTO known FROM "reports" WHERE "incident_id" = open_incident."id" AND "reporter_id" = v_reporter;
    new_reporter := v_reporter IS NOT NULL AND known = 0;
    corroborates := new_reporter AND (f->>'reporterTrust')::float8 >= (f->>'corroborationTrust')::float8 AND NOT open_incident."corroborated";
    severity_now := LEAST(3, GREATEST(open_incident."severity", (f->>'severity')::int) + CASE WHEN corroborates THEN 1 ELSE 0 END);
    UPDATE "reports" SET "incident_id" = open_incident."id" WHERE "id" = v_report;
    -- A raised severity reaches the incident's alerts at once (they are announced after).
    WITH up AS (
      UPDATE "alerts" SET "severity" = severity_now, "updated_at" = v_now
       WHERE "incident_id" = open_incident."id" AND "severity" < severity_now RETURNING "id"
    ) SELECT COALESCE(jsonb_agg("id"::text), '[]'::jsonb) INTO raised FROM up;
    UPDATE "incidents" SET "report_count" = "report_count" + 1, "reporter_count" = "reporter_count" + CASE WHEN new_reporter THEN 1 ELSE 0 END,
           "severity" = severity_now, "last_report_at" = (f->>'at')::timestamptz, "corroborated" = "corroborated" OR corroborates
     WHERE "id" = open_incident."id" RETURNING "report_count" INTO report_count_now;
    RETURN jsonb_build_object('kind', 'joined', 'severityRaised', severity_now > open_incident."severity", 'raisedAlerts', raised,
      'incident', jsonb_build_object('id', open_incident."id"::text, 'severity', severity_now, 'reportCount', report_count_now));
  END IF;

  INSERT INTO "incidents" ("id", "category", "location_pcode", "severity", "report_count", "reporter_count", "corroborated", "opened_at", "last_report_at")
  VALUES ((f->>'incidentId')::uuid, f->>'category', f->>'pcode', (f->>'severity')::int, 1, CASE WHEN v_reporter IS NULL THEN 0 ELSE 1 END, false, v_now, (f->>'at')::timestamptz);
  UPDATE "reports" SET "incident_id" = (f->>'incidentId')::uuid, "routed_at" = v_now WHERE "id" = v_report;
  INSERT INTO "alerts" ("id", "reference", "report_id", "committee_id", "category", "severity", "location_pcode", "incident_id", "next_escalation_at", "created_at", "updated_at")
  SELECT a."id", a."reference", v_report, a."committeeId", f->>'category', (f->>'severity')::int, f->>'pcode', (f->>'incidentId')::uuid, a."nextEscalationAt", v_now, v_now
    FROM jsonb_to_recordset(f->'alerts') AS a("id" UUID, "reference" TEXT, "committeeId" UUID, "nextEscalationAt" TIMESTAMPTZ);
  WITH q AS (
    INSERT INTO "outbound_messages" ("id", "dedupe_key", "purpose", "channel", "to_hash", "to_enc", "text", "language", "encoding", "segments", "priority",
                                     "alert_id", "report_id", "focal_point_id", "broadcast_id", "created_at", "updated_at")
    SELECT m."id", m."dedupeKey", m."purpose", m."channel", m."toHash", m."toEnc", m."text", m."language", m."encoding", m."segments", m."priority",
           m."alertId", m."reportId", m."focalPointId", m."broadcastId", v_now, v_now
      FROM jsonb_to_recordset(f->'messages') AS m("id" UUID, "dedupeKey" TEXT, "purpose" TEXT, "channel" TEXT, "toHash" TEXT, "toEnc" TEXT, "text" TEXT,
           "language" TEXT, "encoding" TEXT, "segments" INT, "priority" INT, "alertId" UUID, "reportId" UUID, "focalPointId" UUID, "broadcastId" UUID)
    ON CONFLICT ("dedupe_key") DO NOTHING RETURNING "id", "priority"
  ) SELECT COALESCE(jsonb_agg(jsonb_build_object('id', q."id"::text, 'priority', q."priority")), '[]'::jsonb) INTO queued FROM q;

  -- The audit entries last: the audit lock is held from here to the commit. Each hash is the same
  -- sha256 as auditHash (src/alerts/audit-chain.ts) over the body the caller serialised.
  prev := audit_chain_end();
  FOR entry IN SELECT e.value FROM jsonb_array_elements(f->'audit') WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
    entry_hash := encode(sha256(convert_to(COALESCE(prev, f->>'genesis') || E'\n' || (entry->>'body'), 'UTF8')), 'hex');
    INSERT INTO "audit_log" ("at", "entity", "entity_id", "action", "from_state", "to_state", "actor", "channel", "reason", "details", "prev_hash", "hash")
    VALUES ((f->>'auditAt')::timestamptz, entry->>'entity', entry->>'entityId', entry->>'action', entry->>'fromState', entry->>'toState',
            entry->>'actor', entry->>'channel', entry->>'reason', NULLIF(entry->'details', 'null'::jsonb), prev, entry_hash);
    prev := entry_hash;
  END LOOP;
  RETURN jsonb_build_object('kind', 'opened', 'queued', queued);
END;
$$;
