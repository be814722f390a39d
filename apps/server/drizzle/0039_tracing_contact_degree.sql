ALTER TABLE "tracing_contacts" ADD COLUMN "degree" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Contacts decided from the second-degree list before this column existed are marked by their reason.
UPDATE "tracing_contacts" SET "degree" = 2 WHERE "reason" LIKE '次密接：%';
