-- Custom migration (drizzle-kit generate --custom): scans_citizen_time_idx covers the columns the
-- health-code scans fact source reads (venue_id, division_code, presence_proven), so each person's
-- scans in a batch are an index-only range per day partition instead of one heap visit per scan
-- (scans are stored in venue order, a person's scans are scattered). Same name and key: drizzle's
-- schema (which cannot express INCLUDE) still describes it. On a partitioned scans table the index
-- is built on every day partition; with many rows, build it per partition CONCURRENTLY beforehand.
DROP INDEX IF EXISTS "scans_citizen_time_idx";--> statement-breakpoint
CREATE INDEX "scans_citizen_time_idx" ON "scans" USING btree ("citizen_id","scanned_at") INCLUDE ("venue_id","division_code","presence_proven");
--> statement-breakpoint
-- health_codes' change-feed trigger reads citizen_id directly: the generic fx_notify_change converts
-- the whole row to jsonb twice (OLD and NEW, ciphertexts included) to read one column, on every code
-- a batch upserts and every code a risk-area collection marks due. Same notifications (the citizen id
-- as text, the old and, if different, the new one).
CREATE OR REPLACE FUNCTION fx_notify_citizen_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('fx_citizen', OLD.citizen_id::text);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.citizen_id IS DISTINCT FROM OLD.citizen_id) THEN
    PERFORM pg_notify('fx_citizen', NEW.citizen_id::text);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS health_codes_change_feed ON health_codes;--> statement-breakpoint
CREATE TRIGGER health_codes_change_feed AFTER INSERT OR UPDATE OR DELETE ON health_codes
  FOR EACH ROW EXECUTE FUNCTION fx_notify_citizen_code();
