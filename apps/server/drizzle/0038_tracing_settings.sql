CREATE TABLE "tracing_stay_defaults" (
	"venue_type" text PRIMARY KEY NOT NULL,
	"minutes" integer NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracing_windows" (
	"case_status" text PRIMARY KEY NOT NULL,
	"days_before" integer NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tracing_case_history" ADD COLUMN "changes" jsonb;