ALTER TABLE "health_code_events" ALTER COLUMN "reasons" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "health_codes" ALTER COLUMN "reasons" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "health_codes" ALTER COLUMN "holds" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "health_codes" ALTER COLUMN "holds" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "health_code_events" ADD COLUMN "reason_codes" jsonb;--> statement-breakpoint
ALTER TABLE "health_code_events" ADD COLUMN "reasons_cipher" text;--> statement-breakpoint
ALTER TABLE "health_codes" ADD COLUMN "reason_codes" jsonb;--> statement-breakpoint
ALTER TABLE "health_codes" ADD COLUMN "reasons_cipher" text;--> statement-breakpoint
ALTER TABLE "health_codes" ADD COLUMN "holds_cipher" text;--> statement-breakpoint
CREATE INDEX "health_code_events_legacy_reasons_idx" ON "health_code_events" USING btree ("id") WHERE reasons is not null;--> statement-breakpoint
CREATE INDEX "health_codes_legacy_reasons_idx" ON "health_codes" USING btree ("citizen_id") WHERE reasons is not null;