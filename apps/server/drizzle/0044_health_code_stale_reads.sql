CREATE INDEX "hc_recompute_targets_citizen_idx" ON "hc_recompute_targets" USING btree ("citizen_id");--> statement-breakpoint
-- Reads no longer treat every code older than the risk-area stamp as stale once a change's people are
-- collected: the people that area-recompute jobs already collected (before this migration) are marked
-- due instead, so a read still recomputes them until their job reaches them.
UPDATE "health_codes" AS c SET "next_check_at" = now()
  FROM (SELECT DISTINCT "citizen_id" FROM "hc_recompute_targets") AS t
 WHERE c."citizen_id" = t."citizen_id" AND (c."next_check_at" IS NULL OR c."next_check_at" > now());
