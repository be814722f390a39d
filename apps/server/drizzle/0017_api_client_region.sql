ALTER TABLE "api_clients" ADD COLUMN "region_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Keys created before have their creator's region (a key is never wider than its creator); keys without one stay deployment-wide.
UPDATE "api_clients" SET "region_code" = coalesce((SELECT "staff_accounts"."region_code" FROM "staff_accounts" WHERE "staff_accounts"."id" = "api_clients"."created_by"), '');
