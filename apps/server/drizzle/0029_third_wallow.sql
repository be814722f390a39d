ALTER TABLE "hc_overrides" ADD COLUMN "approval_id" uuid;--> statement-breakpoint
-- Overrides still waiting for their second officer move onto platform/approvals (maker-checker):
-- each gets a proposal of kind health-code.override.set with its own id, region, proposer and expiry.
INSERT INTO "approvals" ("id", "kind", "region_code", "payload", "summary", "status", "proposed_by", "proposed_at", "expires_at")
  SELECT "id", 'health-code.override.set', "region_code", jsonb_build_object('overrideId', "id"),
    jsonb_build_object('overrideId', "id", 'colour', "colour", 'expiresAt', to_char("expires_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    'proposed', "proposed_by", "created_at", LEAST("expires_at", "created_at" + interval '72 hours')
  FROM "hc_overrides" WHERE "status" = 'proposed' AND "approval_id" IS NULL;
--> statement-breakpoint
UPDATE "hc_overrides" SET "approval_id" = "id" WHERE "status" = 'proposed' AND "approval_id" IS NULL;
