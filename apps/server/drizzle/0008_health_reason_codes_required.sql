ALTER TABLE "health_code_events" DROP CONSTRAINT "health_code_events_colour_has_reason";--> statement-breakpoint
ALTER TABLE "health_codes" DROP CONSTRAINT "health_codes_colour_has_reason";--> statement-breakpoint
ALTER TABLE "health_code_events" ALTER COLUMN "reason_codes" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "health_codes" ALTER COLUMN "reason_codes" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "health_code_events" ADD CONSTRAINT "health_code_events_colour_has_reason" CHECK ("health_code_events"."to_colour" = 'green' or jsonb_array_length("health_code_events"."reason_codes") > 0);--> statement-breakpoint
ALTER TABLE "health_codes" ADD CONSTRAINT "health_codes_colour_has_reason" CHECK ("health_codes"."colour" = 'green' or jsonb_array_length("health_codes"."reason_codes") > 0);