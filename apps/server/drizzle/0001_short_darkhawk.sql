CREATE TABLE "scan_flags" (
	"venue_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"flagged_at" timestamp (3) with time zone NOT NULL,
	"division_code" text NOT NULL,
	"scan_id" uuid,
	"citizen_id" uuid,
	"reason" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "scan_flags_pk" PRIMARY KEY("venue_id","id")
);
--> statement-breakpoint
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
	CONSTRAINT "scans_pk" PRIMARY KEY("venue_id","scanned_at","id")
);
--> statement-breakpoint
CREATE TABLE "venues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"address" text NOT NULL,
	"division_code" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"stay_minutes" integer NOT NULL,
	"contact_name_cipher" text NOT NULL,
	"contact_phone_cipher" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"code_secret_cipher" text NOT NULL,
	"static_code_version" integer DEFAULT 1 NOT NULL,
	"manager_staff_id" uuid,
	"registered_by_type" text NOT NULL,
	"registered_by_id" uuid NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"permissions" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "otp_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone_index" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_limits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone_cipher" text NOT NULL,
	"phone_index" text NOT NULL,
	"template" text NOT NULL,
	"body_cipher" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "scan_flags_division_time_idx" ON "scan_flags" USING btree ("division_code","flagged_at");--> statement-breakpoint
CREATE INDEX "scan_flags_time_idx" ON "scan_flags" USING btree ("flagged_at");--> statement-breakpoint
CREATE INDEX "scans_citizen_time_idx" ON "scans" USING btree ("citizen_id","scanned_at");--> statement-breakpoint
CREATE INDEX "scans_time_idx" ON "scans" USING btree ("scanned_at");--> statement-breakpoint
CREATE INDEX "venues_division_idx" ON "venues" USING btree ("division_code","status");--> statement-breakpoint
CREATE INDEX "venues_registered_by_idx" ON "venues" USING btree ("registered_by_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_clients_key_idx" ON "api_clients" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "otp_codes_phone_idx" ON "otp_codes" USING btree ("phone_index","created_at");--> statement-breakpoint
CREATE INDEX "rate_limits_expires_idx" ON "rate_limits" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sms_outbox_created_idx" ON "sms_outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sms_outbox_phone_idx" ON "sms_outbox" USING btree ("phone_index","created_at");