CREATE TABLE "delivery_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"citizen_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"recipient_cipher" text NOT NULL,
	"phone_cipher" text NOT NULL,
	"address_cipher" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "delivery_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shipment_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"request" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipment_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shipment_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"region_code" text NOT NULL,
	"department" text NOT NULL,
	"department_address" text,
	"citizen_id" uuid NOT NULL,
	"address_id" uuid NOT NULL,
	"recipient_cipher" text NOT NULL,
	"phone_cipher" text NOT NULL,
	"address_cipher" text NOT NULL,
	"contents" text NOT NULL,
	"source_type" text,
	"source_id" text,
	"carrier" text NOT NULL,
	"adapter" text NOT NULL,
	"tracking_number" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"algorithm" text NOT NULL,
	"public_key_pem" text NOT NULL,
	"private_key_cipher" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"facts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"issuer_department" text NOT NULL,
	"region_code" text NOT NULL,
	"holder_citizen_id" uuid,
	"holder_name_cipher" text NOT NULL,
	"holder_masked" text NOT NULL,
	"source_type" text,
	"source_id" text,
	"issued_by" uuid,
	"issued_at" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"pdf_base64" text NOT NULL,
	"sha256" text NOT NULL,
	"algorithm" text NOT NULL,
	"kid" text NOT NULL,
	"signature" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoke_reason" text
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"handling" integer DEFAULT 1 NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"department" text NOT NULL,
	"region_code" text NOT NULL,
	"citizen_id" uuid,
	"level" integer NOT NULL,
	"comment" text,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"appeal_status" text DEFAULT 'none' NOT NULL,
	"appeal_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_rectifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"department" text NOT NULL,
	"status" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"rectification_note" text,
	"rectified_at" timestamp with time zone,
	"rectified_by" uuid,
	"callback_result" text,
	"callback_note" text,
	"callback_at" timestamp with time zone,
	"callback_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "delivery_addresses_citizen_idx" ON "delivery_addresses" USING btree ("citizen_id","created_at");--> statement-breakpoint
CREATE INDEX "delivery_outbox_region_idx" ON "delivery_outbox" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_events_external_idx" ON "shipment_events" USING btree ("shipment_id","external_id");--> statement-breakpoint
CREATE INDEX "shipment_events_shipment_idx" ON "shipment_events" USING btree ("shipment_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_number_idx" ON "shipments" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_tracking_idx" ON "shipments" USING btree ("carrier","tracking_number");--> statement-breakpoint
CREATE INDEX "shipments_region_idx" ON "shipments" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "shipments_citizen_idx" ON "shipments" USING btree ("citizen_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "document_signing_keys_one_current_idx" ON "document_signing_keys" USING btree ("algorithm") WHERE retired_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_code_idx" ON "documents" USING btree ("code");--> statement-breakpoint
CREATE INDEX "documents_sha256_idx" ON "documents" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "documents_holder_idx" ON "documents" USING btree ("holder_citizen_id","issued_at");--> statement-breakpoint
CREATE INDEX "documents_region_idx" ON "documents" USING btree ("region_code","issued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_source_idx" ON "evaluations" USING btree ("source_type","source_id","handling");--> statement-breakpoint
CREATE INDEX "evaluations_region_created_idx" ON "evaluations" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "evaluations_department_idx" ON "evaluations" USING btree ("department","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_rectifications_evaluation_idx" ON "evaluation_rectifications" USING btree ("evaluation_id");--> statement-breakpoint
CREATE INDEX "evaluation_rectifications_region_idx" ON "evaluation_rectifications" USING btree ("region_code","status","due_at");