CREATE TABLE "person_statuses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_type" text NOT NULL,
	"document_index" text NOT NULL,
	"document_number_cipher" text NOT NULL,
	"status" text NOT NULL,
	"status_date" date NOT NULL,
	"source" text NOT NULL,
	"region_code" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quarantine_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_type" text NOT NULL,
	"document_index" text NOT NULL,
	"document_number_cipher" text NOT NULL,
	"kind" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"region_code" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"division_code" text NOT NULL,
	"division_name" text NOT NULL,
	"level" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"reason" text NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hc_code_tokens" (
	"code_id" text PRIMARY KEY NOT NULL,
	"citizen_id" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hc_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"citizen_id" uuid NOT NULL,
	"fact_type" text NOT NULL,
	"fact_id" text NOT NULL,
	"fact_summary" jsonb NOT NULL,
	"reason_cipher" text NOT NULL,
	"status" text NOT NULL,
	"region_code" text NOT NULL,
	"reviewer_id" uuid,
	"review_note" text,
	"reviewed_at" timestamp with time zone,
	"colour_after" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hc_declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"citizen_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"declared_on" date NOT NULL,
	"residence_division" text,
	"temperature" double precision,
	"symptoms" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact_with_case" boolean,
	"underlying_illness_cipher" text,
	"trips" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hc_fact_exclusions" (
	"citizen_id" uuid NOT NULL,
	"fact_type" text NOT NULL,
	"fact_id" text NOT NULL,
	"correction_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hc_fact_exclusions_citizen_id_fact_type_fact_id_pk" PRIMARY KEY("citizen_id","fact_type","fact_id")
);
--> statement-breakpoint
CREATE TABLE "hc_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"citizen_id" uuid NOT NULL,
	"colour" text NOT NULL,
	"reason" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"region_code" text NOT NULL,
	"proposed_by" uuid NOT NULL,
	"decided_by" uuid,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hc_overrides_two_officers" CHECK ("hc_overrides"."decided_by" is null or "hc_overrides"."decided_by" <> "hc_overrides"."proposed_by")
);
--> statement-breakpoint
CREATE TABLE "hc_rule_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"rules" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hc_signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"algorithm" text NOT NULL,
	"public_key_pem" text NOT NULL,
	"private_key_cipher" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hc_token_uses" (
	"issuer" text NOT NULL,
	"code_id" text NOT NULL,
	"first_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uses" integer DEFAULT 1 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hc_token_uses_issuer_code_id_pk" PRIMARY KEY("issuer","code_id")
);
--> statement-breakpoint
CREATE TABLE "hc_trusted_issuers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issuer" text NOT NULL,
	"kid" text NOT NULL,
	"algorithm" text NOT NULL,
	"public_key_pem" text NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "health_code_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"citizen_id" uuid NOT NULL,
	"from_colour" text,
	"to_colour" text NOT NULL,
	"rule_set_version" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"cause_type" text NOT NULL,
	"cause" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "health_code_events_colour_has_reason" CHECK ("health_code_events"."to_colour" = 'green' or jsonb_array_length("health_code_events"."reasons") > 0)
);
--> statement-breakpoint
CREATE TABLE "health_codes" (
	"citizen_id" uuid PRIMARY KEY NOT NULL,
	"colour" text NOT NULL,
	"rule_set_version" integer NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"reasons" jsonb NOT NULL,
	"next_change" jsonb,
	"holds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pending_confirmation" boolean DEFAULT false NOT NULL,
	"next_check_at" timestamp with time zone,
	"region_code" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "health_codes_colour_has_reason" CHECK ("health_codes"."colour" = 'green' or jsonb_array_length("health_codes"."reasons") > 0)
);
--> statement-breakpoint
CREATE INDEX "person_statuses_document_idx" ON "person_statuses" USING btree ("document_index");--> statement-breakpoint
CREATE INDEX "person_statuses_region_idx" ON "person_statuses" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "quarantine_document_idx" ON "quarantine_periods" USING btree ("document_index");--> statement-breakpoint
CREATE INDEX "quarantine_region_idx" ON "quarantine_periods" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "risk_areas_division_idx" ON "risk_areas" USING btree ("division_code");--> statement-breakpoint
CREATE INDEX "hc_code_tokens_expires_idx" ON "hc_code_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "hc_corrections_citizen_idx" ON "hc_corrections" USING btree ("citizen_id","created_at");--> statement-breakpoint
CREATE INDEX "hc_corrections_region_idx" ON "hc_corrections" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "hc_declarations_citizen_idx" ON "hc_declarations" USING btree ("citizen_id","declared_on");--> statement-breakpoint
CREATE INDEX "hc_declarations_residence_idx" ON "hc_declarations" USING btree ("residence_division");--> statement-breakpoint
CREATE INDEX "hc_overrides_citizen_idx" ON "hc_overrides" USING btree ("citizen_id","status");--> statement-breakpoint
CREATE INDEX "hc_overrides_region_idx" ON "hc_overrides" USING btree ("region_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "hc_rule_sets_version_idx" ON "hc_rule_sets" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "hc_rule_sets_one_active_idx" ON "hc_rule_sets" USING btree ("status") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "hc_signing_keys_one_current_idx" ON "hc_signing_keys" USING btree ("algorithm") WHERE retired_at is null;--> statement-breakpoint
CREATE INDEX "hc_token_uses_expires_idx" ON "hc_token_uses" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hc_trusted_issuers_key_idx" ON "hc_trusted_issuers" USING btree ("issuer","kid");--> statement-breakpoint
CREATE INDEX "health_code_events_citizen_idx" ON "health_code_events" USING btree ("citizen_id","created_at");--> statement-breakpoint
CREATE INDEX "health_codes_next_check_idx" ON "health_codes" USING btree ("next_check_at");--> statement-breakpoint
CREATE INDEX "health_codes_region_idx" ON "health_codes" USING btree ("region_code","colour");