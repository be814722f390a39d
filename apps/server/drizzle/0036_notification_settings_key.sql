ALTER TABLE "notification_settings" DROP CONSTRAINT "notification_settings_pk";--> statement-breakpoint
ALTER TABLE "notification_settings" ADD COLUMN "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_settings_recipient_idx" ON "notification_settings" USING btree ("recipient_type","recipient_id");