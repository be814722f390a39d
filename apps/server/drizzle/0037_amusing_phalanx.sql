DROP INDEX "tickets_created_idx";--> statement-breakpoint
ALTER TABLE "ticket_categories" ADD COLUMN "sla_unit" text;--> statement-breakpoint
ALTER TABLE "ticket_categories" ADD COLUMN "sla_amount" integer;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "answered" boolean GENERATED ALWAYS AS (reply is not null) STORED;--> statement-breakpoint
CREATE INDEX "tickets_department_due_idx" ON "tickets" USING btree ("department","due_at","id");--> statement-breakpoint
CREATE INDEX "tickets_open_department_due_idx" ON "tickets" USING btree ("department","due_at","id") WHERE status in ('submitted', 'accepted', 'assigned', 'in_progress');--> statement-breakpoint
CREATE INDEX "tickets_due_idx" ON "tickets" USING btree ("due_at","id");--> statement-breakpoint
CREATE INDEX "tickets_open_due_idx" ON "tickets" USING btree ("due_at","id") WHERE status in ('submitted', 'accepted', 'assigned', 'in_progress');--> statement-breakpoint
CREATE INDEX "tickets_kpi_idx" ON "tickets" USING btree ("created_at","region_code","department","channel","category_id","status","answered","replied_at","due_at","rating");