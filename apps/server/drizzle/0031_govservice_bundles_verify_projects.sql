CREATE TABLE "gs_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"park" text NOT NULL,
	"region_code" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"enterprise_code" text NOT NULL,
	"handler_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gs_verify_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slot_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"room_code" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gs_verify_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"department" text NOT NULL,
	"officer_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "gs_application_parts_idx";--> statement-breakpoint
ALTER TABLE "gs_application_parts" ADD COLUMN "item_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "gs_applications" ADD COLUMN "project_id" uuid;--> statement-breakpoint
ALTER TABLE "gs_items" ADD COLUMN "kind" text DEFAULT 'item' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "gs_projects_code_idx" ON "gs_projects" USING btree ("code");--> statement-breakpoint
CREATE INDEX "gs_projects_handler_idx" ON "gs_projects" USING btree ("handler_id");--> statement-breakpoint
CREATE INDEX "gs_verify_bookings_slot_idx" ON "gs_verify_bookings" USING btree ("slot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "gs_verify_bookings_open_idx" ON "gs_verify_bookings" USING btree ("application_id") WHERE status = 'booked';--> statement-breakpoint
CREATE UNIQUE INDEX "gs_verify_slots_officer_idx" ON "gs_verify_slots" USING btree ("officer_id","starts_at");--> statement-breakpoint
CREATE INDEX "gs_verify_slots_department_idx" ON "gs_verify_slots" USING btree ("department","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "gs_application_parts_idx" ON "gs_application_parts" USING btree ("application_id","department","item_code");