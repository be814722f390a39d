CREATE INDEX "hc_declarations_trips_day_idx" ON "hc_declarations" USING btree ("declared_on") WHERE "hc_declarations"."trips" <> '[]'::jsonb;--> statement-breakpoint
-- Scans partitioned by day (issue 17): the table becomes `PARTITION BY RANGE (scanned_at)` with one
-- partition per China day (scans_pYYYYMMDD, [00:00+08, next 00:00+08)) and a default partition for
-- anything outside them. Same columns, primary key (venue_id, scanned_at, id) and indexes as before,
-- declared on the parent (every partition gets them). The rows are copied, not lost. The
-- scans.partitions job creates the days ahead; the purge drops whole days (venues.partitions.ts).
ALTER TABLE "scans" RENAME TO "scans_unpartitioned";--> statement-breakpoint
ALTER TABLE "scans_unpartitioned" RENAME CONSTRAINT "scans_pk" TO "scans_unpartitioned_pk";--> statement-breakpoint
ALTER INDEX "scans_citizen_time_idx" RENAME TO "scans_unpartitioned_citizen_time_idx";--> statement-breakpoint
ALTER INDEX "scans_time_idx" RENAME TO "scans_unpartitioned_time_idx";--> statement-breakpoint
CREATE TABLE "scans" (
	"venue_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"scanned_at" timestamp (3) with time zone NOT NULL,
	"citizen_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"method" text NOT NULL,
	"colour" text NOT NULL,
	"presence_proven" boolean NOT NULL,
	"staff_id" uuid,
	"distance_meters" integer,
	"decision" text NOT NULL,
	CONSTRAINT "scans_pk" PRIMARY KEY("venue_id","scanned_at","id")
) PARTITION BY RANGE ("scanned_at");--> statement-breakpoint
CREATE INDEX "scans_citizen_time_idx" ON "scans" USING btree ("citizen_id","scanned_at");--> statement-breakpoint
CREATE INDEX "scans_time_idx" ON "scans" USING btree ("scanned_at");--> statement-breakpoint
CREATE TABLE "scans_default" PARTITION OF "scans" DEFAULT;--> statement-breakpoint
DO $$
DECLARE
  d date;
  today date := ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date;
BEGIN
  FOR d IN
    SELECT DISTINCT ((scanned_at AT TIME ZONE 'UTC') + interval '8 hours')::date FROM "scans_unpartitioned"
    UNION
    SELECT generate_series(today - 1, today + 7, interval '1 day')::date
  LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF "scans" FOR VALUES FROM (%L) TO (%L)',
      'scans_p' || to_char(d, 'YYYYMMDD'),
      ((d::timestamp - interval '8 hours') AT TIME ZONE 'UTC'),
      (((d + 1)::timestamp - interval '8 hours') AT TIME ZONE 'UTC')
    );
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "scans" ("venue_id", "id", "scanned_at", "citizen_id", "division_code", "method", "colour", "presence_proven", "staff_id", "distance_meters", "decision")
  SELECT "venue_id", "id", "scanned_at", "citizen_id", "division_code", "method", "colour", "presence_proven", "staff_id", "distance_meters", "decision" FROM "scans_unpartitioned";--> statement-breakpoint
DROP TABLE "scans_unpartitioned";
