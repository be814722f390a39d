CREATE TABLE "staff_commitment_texts" (
	"version" integer PRIMARY KEY NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"text_zh" text NOT NULL,
	"text_en" text NOT NULL,
	"approval_id" uuid NOT NULL,
	"proposed_by" uuid NOT NULL,
	"approved_by" uuid NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hc_overrides" ADD COLUMN "approval_id" uuid;
--> statement-breakpoint
-- Overrides still waiting for their second officer move onto platform/approvals (maker-checker):
-- each gets a proposal of kind health-code.override.set with its own id, region, proposer and expiry.
INSERT INTO "approvals" ("id", "kind", "region_code", "payload", "summary", "status", "proposed_by", "proposed_at", "expires_at")
  SELECT "id", 'health-code.override.set', "region_code", jsonb_build_object('overrideId', "id"),
    jsonb_build_object('overrideId', "id", 'colour', "colour", 'expiresAt', to_char("expires_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    'proposed', "proposed_by", "created_at", LEAST("expires_at", "created_at" + interval '72 hours')
  FROM "hc_overrides" WHERE "status" = 'proposed' AND "approval_id" IS NULL;
--> statement-breakpoint
UPDATE "hc_overrides" SET "approval_id" = "id" WHERE "status" = 'proposed' AND "approval_id" IS NULL;
--> statement-breakpoint
-- A new commitment text announces '*' on fx_identity: every instance drops its cached sessions and
-- reads them again with the new current version, so every account must sign before its next staff request.
CREATE TRIGGER staff_commitment_texts_identity_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_commitment_texts
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_identity');
