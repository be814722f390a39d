DROP INDEX "tickets_region_due_idx";--> statement-breakpoint
DROP INDEX "tickets_department_idx";--> statement-breakpoint
DROP INDEX "tickets_department_due_idx";--> statement-breakpoint
DROP INDEX "tickets_open_department_due_idx";--> statement-breakpoint
DROP INDEX "tickets_reporter_idx";--> statement-breakpoint
DROP INDEX "tickets_master_idx";--> statement-breakpoint
DROP INDEX "tickets_external_idx";--> statement-breakpoint
CREATE INDEX "ticket_events_at_brin" ON "ticket_events" USING brin ("at");--> statement-breakpoint
CREATE INDEX "tickets_department_idx" ON "tickets" USING btree ("department","status","due_at","kind","region_code","id") WHERE department is not null;--> statement-breakpoint
CREATE INDEX "tickets_department_due_idx" ON "tickets" USING btree ("department","due_at","id") WHERE department is not null;--> statement-breakpoint
CREATE INDEX "tickets_open_department_due_idx" ON "tickets" USING btree ("department","due_at","id") WHERE department is not null and status in ('submitted', 'accepted', 'assigned', 'in_progress');--> statement-breakpoint
CREATE INDEX "tickets_reporter_idx" ON "tickets" USING btree ("reporter_citizen_id","created_at") WHERE reporter_citizen_id is not null;--> statement-breakpoint
CREATE INDEX "tickets_master_idx" ON "tickets" USING btree ("master_id") WHERE master_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_external_idx" ON "tickets" USING btree ("api_client_id","external_id") WHERE external_id is not null;