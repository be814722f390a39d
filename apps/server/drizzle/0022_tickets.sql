CREATE TABLE "ticket_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"actor_department" text,
	"department" text,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"region_code" text NOT NULL,
	"address" text,
	"lat" double precision,
	"long" double precision,
	"reporter_citizen_id" uuid,
	"reporter_name_cipher" text,
	"reporter_phone_cipher" text,
	"reporter_email_cipher" text,
	"follow_up_hash" text,
	"api_client_id" uuid,
	"media_url" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"department" text,
	"due_at" timestamp with time zone NOT NULL,
	"reply" text,
	"reject_reason" text,
	"rating" integer,
	"rating_comment" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_number_idx" ON "tickets" USING btree ("number");--> statement-breakpoint
CREATE INDEX "tickets_region_due_idx" ON "tickets" USING btree ("region_code","status","due_at");--> statement-breakpoint
CREATE INDEX "tickets_department_idx" ON "tickets" USING btree ("department","status","due_at");--> statement-breakpoint
CREATE INDEX "tickets_reporter_idx" ON "tickets" USING btree ("reporter_citizen_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_created_idx" ON "tickets" USING btree ("created_at");