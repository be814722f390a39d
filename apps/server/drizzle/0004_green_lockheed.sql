CREATE TABLE "hc_recorded_facts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"citizen_id" uuid NOT NULL,
	"source" text NOT NULL,
	"value" jsonb NOT NULL,
	"day" date,
	"label" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "hc_recorded_facts_citizen_idx" ON "hc_recorded_facts" USING btree ("citizen_id","source","created_at");