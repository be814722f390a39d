-- Custom migration (drizzle-kit generate --custom): marking a code due is not a change of the code, so
-- it no longer fires the change feed. health_codes' feed trigger fires on insert and delete as before,
-- and on an update unless the update only moved next_check_at (updated_at unchanged) — a due mark
-- (a risk-area job's collection marking 445 729 codes due at 1 M people fired one pg_notify per row)
-- or a postponed check. Every write of a code's state (the batched upsert, touchCodes) sets
-- updated_at and still notifies. Who listens (health-code.service.ts CodeCaches, on fx_citizen):
-- - the door-code cache holds a code's colour until its next check: a risk-area change already
--   announces '*' on fx_citizen when it commits (risk_areas_change_feed), before its job marks
--   anyone due, and every code read after that is recomputed or newer than the change; a postponed
--   check only moves the check later (the held code is read again at its earlier time);
-- - the few codes a person-registry change or a failed recomputation marks due are announced by
--   the statement that marks them (repo.markDueWhere, repo.markDue: pg_notify in RETURNING);
-- - the registry stamp and area caches listen to '*' and the stamp key only.
DROP TRIGGER IF EXISTS health_codes_change_feed ON health_codes;--> statement-breakpoint
CREATE TRIGGER health_codes_change_feed AFTER INSERT OR DELETE ON health_codes
  FOR EACH ROW EXECUTE FUNCTION fx_notify_citizen_code();
--> statement-breakpoint
CREATE TRIGGER health_codes_change_feed_update AFTER UPDATE ON health_codes
  FOR EACH ROW
  WHEN (NEW.updated_at IS DISTINCT FROM OLD.updated_at
        OR NEW.next_check_at IS NOT DISTINCT FROM OLD.next_check_at
        OR NEW.citizen_id IS DISTINCT FROM OLD.citizen_id)
  EXECUTE FUNCTION fx_notify_citizen_code();
--> statement-breakpoint
-- scans_pk covers the columns a risk-area collection reads per venue (citizen_id, division_code,
-- presence_proven), so "who was at the area's venues in the window" is an index-only range per venue
-- and day partition instead of one heap page per scan (a day's scans are stored in arrival order, a
-- venue's scattered over the whole partition: at 1 M people the collection read 2.56 M heap pages for
-- 1.9 M scans). Same name and key: drizzle's schema (which cannot express INCLUDE) still describes
-- it. Rebuilt on every day partition under the table's lock; with many rows, schedule it.
ALTER TABLE "scans" DROP CONSTRAINT "scans_pk";--> statement-breakpoint
ALTER TABLE "scans" ADD CONSTRAINT "scans_pk" PRIMARY KEY ("venue_id","scanned_at","id") INCLUDE ("citizen_id","division_code","presence_proven");
