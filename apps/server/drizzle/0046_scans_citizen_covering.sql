-- Custom migration (drizzle-kit generate --custom): scans_citizen_time_idx covers the columns the
-- health-code scans fact source reads (venue_id, division_code, presence_proven), so each person's
-- scans in a batch are an index-only range per day partition instead of one heap visit per scan
-- (scans are stored in venue order, a person's scans are scattered). Same name and key: drizzle's
-- schema (which cannot express INCLUDE) still describes it. On a partitioned scans table the index
-- is built on every day partition; with many rows, build it per partition CONCURRENTLY beforehand.
DROP INDEX IF EXISTS "scans_citizen_time_idx";--> statement-breakpoint
CREATE INDEX "scans_citizen_time_idx" ON "scans" USING btree ("citizen_id","scanned_at") INCLUDE ("venue_id","division_code","presence_proven");
