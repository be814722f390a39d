CREATE TABLE "hall_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hall_id" uuid NOT NULL,
	"window_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"item_code" text NOT NULL,
	"item_name" text NOT NULL,
	"day" text NOT NULL,
	"slot_start" text NOT NULL,
	"slot_end" text NOT NULL,
	"citizen_id" uuid NOT NULL,
	"name_cipher" text,
	"phone_cipher" text,
	"code" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"arrived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hall_counters" (
	"hall_id" uuid NOT NULL,
	"day" text NOT NULL,
	"prefix" text NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hall_counters_hall_id_day_prefix_pk" PRIMARY KEY("hall_id","day","prefix")
);
--> statement-breakpoint
CREATE TABLE "hall_devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hall_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"api_client_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hall_slot_counts" (
	"window_id" uuid NOT NULL,
	"day" text NOT NULL,
	"slot_start" text NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hall_slot_counts_window_id_day_slot_start_pk" PRIMARY KEY("window_id","day","slot_start")
);
--> statement-breakpoint
CREATE TABLE "hall_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hall_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"day" text NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"item_code" text NOT NULL,
	"item_name" text NOT NULL,
	"booking_id" uuid,
	"slot_start" text,
	"priority" boolean DEFAULT false NOT NULL,
	"priority_reason" text,
	"citizen_id" uuid,
	"name_cipher" text,
	"health_colour" text NOT NULL,
	"device_id" uuid,
	"status" text NOT NULL,
	"target_window_id" uuid,
	"transferred_at" timestamp with time zone,
	"window_id" uuid,
	"called_by" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_called_at" timestamp with time zone,
	"called_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hall_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hall_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"open_hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"slot_capacity" integer DEFAULT 2 NOT NULL,
	"staff_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hall_halls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"slot_minutes" integer DEFAULT 30 NOT NULL,
	"booking_days" integer DEFAULT 7 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "hall_bookings_code_idx" ON "hall_bookings" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "hall_bookings_one_active_idx" ON "hall_bookings" USING btree ("citizen_id","item_code") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "hall_bookings_citizen_idx" ON "hall_bookings" USING btree ("citizen_id","day");--> statement-breakpoint
CREATE INDEX "hall_bookings_slot_idx" ON "hall_bookings" USING btree ("window_id","day","slot_start");--> statement-breakpoint
CREATE UNIQUE INDEX "hall_devices_client_idx" ON "hall_devices" USING btree ("api_client_id");--> statement-breakpoint
CREATE INDEX "hall_devices_hall_idx" ON "hall_devices" USING btree ("hall_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hall_tickets_number_idx" ON "hall_tickets" USING btree ("hall_id","day","number");--> statement-breakpoint
CREATE INDEX "hall_tickets_queue_idx" ON "hall_tickets" USING btree ("hall_id","day","status");--> statement-breakpoint
CREATE UNIQUE INDEX "hall_windows_number_idx" ON "hall_windows" USING btree ("hall_id","number");--> statement-breakpoint
CREATE INDEX "hall_halls_region_idx" ON "hall_halls" USING btree ("region_code");