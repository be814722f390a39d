CREATE TABLE "checkin_departments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkin_member_periods" (
	"org_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"from_day" date NOT NULL,
	"to_day" date,
	CONSTRAINT "checkin_member_periods_pk" PRIMARY KEY("org_id","citizen_id","from_day")
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"recipient_type" text NOT NULL,
	"recipient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_pk" PRIMARY KEY("recipient_type","recipient_id","kind","channel")
);
--> statement-breakpoint
CREATE TABLE "notification_settings" (
	"recipient_type" text NOT NULL,
	"recipient_id" uuid NOT NULL,
	"quiet_start" text,
	"quiet_end" text,
	"webhook_url" text,
	"webhook_secret_cipher" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_settings_pk" PRIMARY KEY("recipient_type","recipient_id")
);
--> statement-breakpoint
CREATE TABLE "notification_webhook_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notification_id" uuid NOT NULL,
	"url" text NOT NULL,
	"body_cipher" text NOT NULL,
	"signature" text NOT NULL,
	"timestamp" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkin_members" ADD COLUMN "department_id" uuid;--> statement-breakpoint
ALTER TABLE "checkin_orgs" ADD COLUMN "window_start" text DEFAULT '06:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "checkin_orgs" ADD COLUMN "deadline" text DEFAULT '12:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "checkin_orgs" ADD COLUMN "remind_before_minutes" integer DEFAULT 120 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkin_orgs" ADD COLUMN "extra_fields" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "checkin_report_history" ADD COLUMN "extra" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "checkin_reports" ADD COLUMN "extra" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "last_error" text;--> statement-breakpoint
CREATE INDEX "checkin_departments_org_idx" ON "checkin_departments" USING btree ("org_id","path");--> statement-breakpoint
CREATE UNIQUE INDEX "checkin_departments_name_idx" ON "checkin_departments" USING btree ("org_id","parent_id","name");--> statement-breakpoint
CREATE INDEX "notification_webhook_outbox_created_idx" ON "notification_webhook_outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notifications_due_idx" ON "notifications" USING btree ("status","due_at");