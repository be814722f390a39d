CREATE TABLE "checkin_members" (
	"org_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"status" text NOT NULL,
	"department" text,
	"joined_via" text NOT NULL,
	"consent_at" timestamp with time zone,
	"left_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkin_members_pk" PRIMARY KEY("org_id","citizen_id")
);
--> statement-breakpoint
CREATE TABLE "checkin_orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"credit_code" text NOT NULL,
	"division_code" text NOT NULL,
	"address" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"invite_code" text NOT NULL,
	"created_by" uuid NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkin_report_history" (
	"citizen_id" uuid NOT NULL,
	"day" date NOT NULL,
	"revision" integer NOT NULL,
	"temperature" numeric(3, 1) NOT NULL,
	"symptoms" text[] NOT NULL,
	"division_code" text NOT NULL,
	"risk_area_contact" boolean NOT NULL,
	"code_colour" text,
	"abnormal" boolean NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "checkin_report_history_pk" PRIMARY KEY("citizen_id","day","revision")
);
--> statement-breakpoint
CREATE TABLE "checkin_reports" (
	"citizen_id" uuid NOT NULL,
	"day" date NOT NULL,
	"temperature" numeric(3, 1) NOT NULL,
	"symptoms" text[] NOT NULL,
	"division_code" text NOT NULL,
	"risk_area_contact" boolean NOT NULL,
	"code_colour" text,
	"abnormal" boolean NOT NULL,
	"abnormal_reasons" text[] NOT NULL,
	"revision" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "checkin_reports_pk" PRIMARY KEY("citizen_id","day")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_type" text NOT NULL,
	"recipient_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"title_cipher" text NOT NULL,
	"body_cipher" text NOT NULL,
	"link" text,
	"dedupe_key" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "checkin_members_citizen_idx" ON "checkin_members" USING btree ("citizen_id");--> statement-breakpoint
CREATE UNIQUE INDEX "checkin_orgs_credit_code_idx" ON "checkin_orgs" USING btree ("credit_code");--> statement-breakpoint
CREATE UNIQUE INDEX "checkin_orgs_invite_code_idx" ON "checkin_orgs" USING btree ("invite_code");--> statement-breakpoint
CREATE INDEX "checkin_orgs_division_idx" ON "checkin_orgs" USING btree ("division_code","status");--> statement-breakpoint
CREATE INDEX "checkin_reports_day_idx" ON "checkin_reports" USING btree ("day","abnormal");--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_type","recipient_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_idx" ON "notifications" USING btree ("recipient_type","recipient_id","channel","dedupe_key");