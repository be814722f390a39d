CREATE TABLE "gs_application_parts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"department" text NOT NULL,
	"status" text NOT NULL,
	"public_note" text,
	"internal_note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gs_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"item_id" uuid NOT NULL,
	"item_version_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"citizen_id" uuid NOT NULL,
	"applicant_type" text NOT NULL,
	"applicant_name_cipher" text NOT NULL,
	"applicant_document_cipher" text,
	"enterprise_name" text,
	"enterprise_code" text,
	"agent_name_cipher" text,
	"phone_cipher" text,
	"form_cipher" text NOT NULL,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"mode" text NOT NULL,
	"priority_requested" boolean DEFAULT false NOT NULL,
	"priority_reason" text,
	"green_channel" boolean DEFAULT false NOT NULL,
	"green_channel_reason" text,
	"missing_materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"supply_by" date,
	"supply_reminded_at" timestamp with time zone,
	"supply_escalated_at" timestamp with time zone,
	"commitment_signed_at" timestamp with time zone,
	"commitment_signer_cipher" text,
	"commitment_text_sha256" text,
	"corrections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"wants_express" boolean DEFAULT false NOT NULL,
	"delivery_address_cipher" text,
	"decision_note" text,
	"submitted_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gs_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"application_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"department" text,
	"public_note" text,
	"internal_note" text,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gs_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"department" text NOT NULL,
	"status" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gs_item_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gs_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"department" text NOT NULL,
	"published_version_id" uuid,
	"draft_version_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gs_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"holder_cipher" text NOT NULL,
	"fields" jsonb NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"day" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "gs_application_parts_idx" ON "gs_application_parts" USING btree ("application_id","department");--> statement-breakpoint
CREATE INDEX "gs_application_parts_department_idx" ON "gs_application_parts" USING btree ("department","status");--> statement-breakpoint
CREATE UNIQUE INDEX "gs_applications_number_idx" ON "gs_applications" USING btree ("number");--> statement-breakpoint
CREATE INDEX "gs_applications_citizen_idx" ON "gs_applications" USING btree ("citizen_id","created_at");--> statement-breakpoint
CREATE INDEX "gs_applications_region_status_idx" ON "gs_applications" USING btree ("region_code","status","due_at");--> statement-breakpoint
CREATE INDEX "gs_events_application_idx" ON "gs_events" USING btree ("application_id","seq");--> statement-breakpoint
CREATE INDEX "gs_inspections_department_idx" ON "gs_inspections" USING btree ("department","status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "gs_inspections_application_idx" ON "gs_inspections" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "gs_item_versions_item_idx" ON "gs_item_versions" USING btree ("item_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "gs_items_code_idx" ON "gs_items" USING btree ("code");--> statement-breakpoint
CREATE INDEX "gs_items_region_idx" ON "gs_items" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "gs_results_number_idx" ON "gs_results" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "gs_results_application_idx" ON "gs_results" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "calendar_days_kind_idx" ON "calendar_days" USING btree ("kind","day");