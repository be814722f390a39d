CREATE TABLE "screening_dispatch_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"source_kind" text,
	"division_prefix" text,
	"use_division" text DEFAULT 'residence' NOT NULL,
	"target_division" text,
	"contact_hours" integer,
	"feedback_hours" integer,
	"note" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"reached" boolean NOT NULL,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"location_cipher" text,
	"quarantine_kind" text,
	"quarantine_from" date,
	"quarantine_to" date,
	"quarantine_site_cipher" text,
	"tests" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"released_on" date,
	"note_cipher" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"content_hash" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"job_id" uuid,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"encoding" text,
	"line" integer DEFAULT 0 NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"matched" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"reviews" integer DEFAULT 0 NOT NULL,
	"error" text,
	"region_code" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "screening_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"review_id" uuid,
	"snapshot_cipher" text NOT NULL,
	"reason" text,
	"merged_by" uuid NOT NULL,
	"merged_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"undone_by" uuid,
	"undone_at" timestamp (3) with time zone,
	"undo_reason" text
);
--> statement-breakpoint
CREATE TABLE "screening_persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name_cipher" text,
	"document_type" text,
	"document_number_cipher" text,
	"document_index" text,
	"phone_cipher" text,
	"phone_index" text,
	"birth_date" date,
	"sex" text,
	"residence_division" text,
	"household_division" text,
	"address_cipher" text,
	"origin_cipher" text,
	"arrival_date" date,
	"status" text DEFAULT 'pending' NOT NULL,
	"provenance" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_reported_at" timestamp (3) with time zone NOT NULL,
	"first_source_id" uuid NOT NULL,
	"merged_into" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_rejected_rows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"reason" text NOT NULL,
	"raw_cipher" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"import_id" uuid,
	"line" integer,
	"reported_at" timestamp (3) with time zone NOT NULL,
	"division" text,
	"values_cipher" text NOT NULL,
	"matched_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"score" real NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"import_id" uuid,
	"region_code" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"trust" integer DEFAULT 3 NOT NULL,
	"contact_hours" integer DEFAULT 12 NOT NULL,
	"feedback_hours" integer DEFAULT 24 NOT NULL,
	"default_division" text,
	"column_mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"dispatched_at" timestamp (3) with time zone NOT NULL,
	"contact_due_at" timestamp (3) with time zone NOT NULL,
	"feedback_due_at" timestamp (3) with time zone NOT NULL,
	"contacted_at" timestamp (3) with time zone,
	"feedback_at" timestamp (3) with time zone,
	"escalated_at" timestamp (3) with time zone,
	"escalated_to" text,
	"reassign_reason" text,
	"closed_at" timestamp (3) with time zone,
	"closed_by" uuid,
	"reopen_reason" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "screening_follow_ups_task_idx" ON "screening_follow_ups" USING btree ("task_id","recorded_at");--> statement-breakpoint
CREATE INDEX "screening_follow_ups_person_idx" ON "screening_follow_ups" USING btree ("person_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_imports_hash_idx" ON "screening_imports" USING btree ("source_id","content_hash");--> statement-breakpoint
CREATE INDEX "screening_imports_created_idx" ON "screening_imports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "screening_merges_survivor_idx" ON "screening_merges" USING btree ("survivor_id");--> statement-breakpoint
CREATE INDEX "screening_merges_merged_idx" ON "screening_merges" USING btree ("merged_id");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_persons_document_idx" ON "screening_persons" USING btree ("document_index") WHERE "screening_persons"."document_index" is not null and "screening_persons"."merged_into" is null;--> statement-breakpoint
CREATE INDEX "screening_persons_phone_idx" ON "screening_persons" USING btree ("phone_index");--> statement-breakpoint
CREATE INDEX "screening_persons_residence_idx" ON "screening_persons" USING btree ("residence_division");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_rejected_line_idx" ON "screening_rejected_rows" USING btree ("import_id","line");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_reports_line_idx" ON "screening_reports" USING btree ("import_id","line");--> statement-breakpoint
CREATE INDEX "screening_reports_person_idx" ON "screening_reports" USING btree ("person_id","reported_at");--> statement-breakpoint
CREATE INDEX "screening_reports_source_idx" ON "screening_reports" USING btree ("source_id","person_id");--> statement-breakpoint
CREATE INDEX "screening_reviews_status_idx" ON "screening_reviews" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_reviews_pair_idx" ON "screening_reviews" USING btree ("person_id","candidate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_sources_name_idx" ON "screening_sources" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_tasks_open_person_idx" ON "screening_tasks" USING btree ("person_id") WHERE "screening_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "screening_tasks_region_idx" ON "screening_tasks" USING btree ("region_code","status","dispatched_at");--> statement-breakpoint
CREATE INDEX "screening_tasks_due_idx" ON "screening_tasks" USING btree ("status","contact_due_at");