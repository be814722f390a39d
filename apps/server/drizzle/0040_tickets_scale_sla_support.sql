CREATE TABLE "ticket_supporters" (
	"ticket_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "tickets_created_idx";--> statement-breakpoint
DROP INDEX "tickets_department_idx";--> statement-breakpoint
ALTER TABLE "ticket_categories" ADD COLUMN "sla_unit" text;--> statement-breakpoint
ALTER TABLE "ticket_categories" ADD COLUMN "sla_amount" integer;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "answered" boolean GENERATED ALWAYS AS (reply is not null) STORED;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "support_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_supporters_pk" ON "ticket_supporters" USING btree ("ticket_id","citizen_id");--> statement-breakpoint
CREATE INDEX "ticket_supporters_citizen_idx" ON "ticket_supporters" USING btree ("citizen_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_department_due_idx" ON "tickets" USING btree ("department","due_at","id");--> statement-breakpoint
CREATE INDEX "tickets_open_department_due_idx" ON "tickets" USING btree ("department","due_at","id") WHERE status in ('submitted', 'accepted', 'assigned', 'in_progress');--> statement-breakpoint
CREATE INDEX "tickets_due_idx" ON "tickets" USING btree ("due_at","id");--> statement-breakpoint
CREATE INDEX "tickets_open_due_idx" ON "tickets" USING btree ("due_at","id") WHERE status in ('submitted', 'accepted', 'assigned', 'in_progress');--> statement-breakpoint
CREATE INDEX "tickets_kpi_idx" ON "tickets" USING btree ("created_at","region_code","department","channel","category_id","status","answered","replied_at","due_at","rating");--> statement-breakpoint
CREATE INDEX "tickets_department_idx" ON "tickets" USING btree ("department","status","due_at","kind","region_code");