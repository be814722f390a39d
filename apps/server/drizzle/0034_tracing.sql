CREATE TABLE "tracing_clusters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"event" text NOT NULL,
	"region_code" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracing_contact_handovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"from_region" text NOT NULL,
	"to_region" text NOT NULL,
	"reason" text NOT NULL,
	"handed_by" uuid NOT NULL,
	"handed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracing_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"day" date NOT NULL,
	"reached" boolean NOT NULL,
	"symptoms" text[] DEFAULT '{}' NOT NULL,
	"temperature" numeric(3, 1),
	"test_taken" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracing_lab_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_type" text NOT NULL,
	"document_index" text NOT NULL,
	"document_number_cipher" text NOT NULL,
	"name_cipher" text NOT NULL,
	"citizen_id" uuid,
	"sample_date" date NOT NULL,
	"test_type" text NOT NULL,
	"lab" text NOT NULL,
	"result" text NOT NULL,
	"report_date" date NOT NULL,
	"region_code" text NOT NULL,
	"case_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracing_self_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"citizen_id" uuid NOT NULL,
	"point_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"contact_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "tracing_cases" ADD COLUMN "source_contact_id" uuid;--> statement-breakpoint
ALTER TABLE "tracing_cases" ADD COLUMN "cluster_id" uuid;--> statement-breakpoint
ALTER TABLE "tracing_contacts" ADD COLUMN "assigned_region" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "tracing_contacts" ADD COLUMN "follow_from" date;--> statement-breakpoint
ALTER TABLE "tracing_contacts" ADD COLUMN "follow_until" date;--> statement-breakpoint
ALTER TABLE "tracing_contacts" ADD COLUMN "follow_status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "tracing_contacts" ADD COLUMN "escalated_case_id" uuid;--> statement-breakpoint
CREATE INDEX "tracing_clusters_region_idx" ON "tracing_clusters" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "tracing_contact_handovers_contact_idx" ON "tracing_contact_handovers" USING btree ("contact_id","handed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tracing_follow_ups_contact_day_idx" ON "tracing_follow_ups" USING btree ("contact_id","day");--> statement-breakpoint
CREATE INDEX "tracing_lab_results_document_idx" ON "tracing_lab_results" USING btree ("document_index","sample_date");--> statement-breakpoint
CREATE INDEX "tracing_lab_results_region_idx" ON "tracing_lab_results" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tracing_self_reports_citizen_point_idx" ON "tracing_self_reports" USING btree ("citizen_id","point_id");--> statement-breakpoint
CREATE INDEX "tracing_self_reports_region_idx" ON "tracing_self_reports" USING btree ("region_code","status","created_at");--> statement-breakpoint
CREATE INDEX "tracing_contacts_assigned_idx" ON "tracing_contacts" USING btree ("assigned_region","follow_until");