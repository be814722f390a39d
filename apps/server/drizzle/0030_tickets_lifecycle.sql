CREATE TABLE "ticket_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"description" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_national_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"api_client_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"adapter" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_routing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category_id" uuid,
	"kind" text,
	"region_code" text DEFAULT '' NOT NULL,
	"department" text NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "master_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "supervise_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "last_supervised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "extension_days" integer;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "extension_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "visited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "warned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "category_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "attributes" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "external_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_categories_code_idx" ON "ticket_categories" USING btree ("code");--> statement-breakpoint
CREATE INDEX "ticket_categories_parent_idx" ON "ticket_categories" USING btree ("parent_id","sort_order");--> statement-breakpoint
CREATE INDEX "ticket_national_outbox_due_idx" ON "ticket_national_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "ticket_national_outbox_region_idx" ON "ticket_national_outbox" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "ticket_routing_rules_region_idx" ON "ticket_routing_rules" USING btree ("region_code","position");--> statement-breakpoint
CREATE INDEX "tickets_master_idx" ON "tickets" USING btree ("master_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_external_idx" ON "tickets" USING btree ("api_client_id","external_id");