CREATE TABLE "tracing_case_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracing_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text NOT NULL,
	"document_type" text NOT NULL,
	"document_index" text NOT NULL,
	"document_number_cipher" text NOT NULL,
	"name_cipher" text NOT NULL,
	"citizen_id" uuid,
	"onset_date" date,
	"report_date" date NOT NULL,
	"confirmed_date" date,
	"source" text NOT NULL,
	"region_code" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"public_number" integer,
	"published_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracing_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"level" text,
	"reason" text NOT NULL,
	"venue_id" uuid,
	"last_exposure_at" timestamp with time zone,
	"overlap_minutes" integer NOT NULL,
	"region_code" text NOT NULL,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracing_itinerary_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone NOT NULL,
	"venue_id" uuid,
	"place_name" text NOT NULL,
	"division_code" text NOT NULL,
	"mode" text,
	"trip_number" text,
	"trip_date" date,
	"carriage" text,
	"seat" text,
	"note" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tracing_case_history_case_idx" ON "tracing_case_history" USING btree ("case_id","changed_at");--> statement-breakpoint
CREATE INDEX "tracing_cases_region_idx" ON "tracing_cases" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "tracing_cases_document_idx" ON "tracing_cases" USING btree ("document_index");--> statement-breakpoint
CREATE UNIQUE INDEX "tracing_cases_public_number_idx" ON "tracing_cases" USING btree ("region_code","public_number");--> statement-breakpoint
CREATE UNIQUE INDEX "tracing_contacts_case_citizen_idx" ON "tracing_contacts" USING btree ("case_id","citizen_id");--> statement-breakpoint
CREATE INDEX "tracing_contacts_citizen_idx" ON "tracing_contacts" USING btree ("citizen_id");--> statement-breakpoint
CREATE INDEX "tracing_points_case_idx" ON "tracing_itinerary_points" USING btree ("case_id","from_at");--> statement-breakpoint
CREATE INDEX "tracing_points_published_idx" ON "tracing_itinerary_points" USING btree ("published_at","from_at");--> statement-breakpoint
CREATE INDEX "tracing_points_trip_idx" ON "tracing_itinerary_points" USING btree ("trip_number","trip_date");