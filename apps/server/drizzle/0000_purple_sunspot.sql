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
CREATE TABLE "hc_recorded_facts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"citizen_id" uuid NOT NULL,
	"source" text NOT NULL,
	"value" jsonb NOT NULL,
	"day" date,
	"label" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
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
CREATE TABLE "scan_flags" (
	"venue_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"flagged_at" timestamp (3) with time zone NOT NULL,
	"division_code" text NOT NULL,
	"scan_id" uuid,
	"citizen_id" uuid,
	"reason" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "scan_flags_pk" PRIMARY KEY("venue_id","id")
);
--> statement-breakpoint
CREATE TABLE "scans" (
	"venue_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"scanned_at" timestamp (3) with time zone NOT NULL,
	"citizen_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"method" text NOT NULL,
	"colour" text NOT NULL,
	"presence_proven" boolean NOT NULL,
	"staff_id" uuid,
	"distance_meters" integer,
	CONSTRAINT "scans_pk" PRIMARY KEY("venue_id","scanned_at","id")
);
--> statement-breakpoint
CREATE TABLE "venues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"address" text NOT NULL,
	"division_code" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"stay_minutes" integer NOT NULL,
	"contact_name_cipher" text NOT NULL,
	"contact_phone_cipher" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"code_secret_cipher" text NOT NULL,
	"static_code_version" integer DEFAULT 1 NOT NULL,
	"manager_staff_id" uuid,
	"registered_by_type" text NOT NULL,
	"registered_by_id" uuid NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text,
	"subject_id" text,
	"region_code" text,
	"outcome" text DEFAULT 'ok' NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text,
	"request_id" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"region_code" text,
	"mime_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"permissions" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "citizens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone_cipher" text NOT NULL,
	"phone_index" text NOT NULL,
	"name_cipher" text,
	"document_type" text,
	"document_number_cipher" text,
	"document_index" text,
	"birth_date" date,
	"sex" text,
	"nationality" text,
	"household_division" text,
	"address_cipher" text,
	"language" text DEFAULT 'zh-CN' NOT NULL,
	"real_name_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "otp_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone_index" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone_cipher" text NOT NULL,
	"phone_index" text NOT NULL,
	"template" text NOT NULL,
	"body_cipher" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"department" text NOT NULL,
	"roles" text[] NOT NULL,
	"region_code" text NOT NULL,
	"venue_id" uuid,
	"language" text DEFAULT 'zh-CN' NOT NULL,
	"disabled_at" timestamp with time zone,
	"password_changed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_schedules" (
	"name" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"every_ms" bigint NOT NULL,
	"next_run_at" timestamp (3) with time zone NOT NULL,
	"last_run_at" timestamp (3) with time zone,
	"last_job_id" uuid
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"run_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp (3) with time zone,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer,
	"progress_message" text,
	"checkpoint" jsonb,
	"result" jsonb,
	"last_error" text,
	"created_by_type" text,
	"created_by_id" text,
	"schedule_name" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone
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
CREATE INDEX "hc_recorded_facts_citizen_idx" ON "hc_recorded_facts" USING btree ("citizen_id","source","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hc_rule_sets_version_idx" ON "hc_rule_sets" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "hc_rule_sets_one_active_idx" ON "hc_rule_sets" USING btree ("status") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "hc_signing_keys_one_current_idx" ON "hc_signing_keys" USING btree ("algorithm") WHERE retired_at is null;--> statement-breakpoint
CREATE INDEX "hc_token_uses_expires_idx" ON "hc_token_uses" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hc_trusted_issuers_key_idx" ON "hc_trusted_issuers" USING btree ("issuer","kid");--> statement-breakpoint
CREATE INDEX "health_code_events_citizen_idx" ON "health_code_events" USING btree ("citizen_id","created_at");--> statement-breakpoint
CREATE INDEX "health_codes_next_check_idx" ON "health_codes" USING btree ("next_check_at");--> statement-breakpoint
CREATE INDEX "health_codes_region_idx" ON "health_codes" USING btree ("region_code","colour");--> statement-breakpoint
CREATE INDEX "scan_flags_division_time_idx" ON "scan_flags" USING btree ("division_code","flagged_at");--> statement-breakpoint
CREATE INDEX "scan_flags_time_idx" ON "scan_flags" USING btree ("flagged_at");--> statement-breakpoint
CREATE INDEX "scans_citizen_time_idx" ON "scans" USING btree ("citizen_id","scanned_at");--> statement-breakpoint
CREATE INDEX "scans_time_idx" ON "scans" USING btree ("scanned_at");--> statement-breakpoint
CREATE INDEX "venues_division_idx" ON "venues" USING btree ("division_code","status");--> statement-breakpoint
CREATE INDEX "venues_registered_by_idx" ON "venues" USING btree ("registered_by_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "files_owner_idx" ON "files" USING btree ("owner_type","owner_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_clients_key_idx" ON "api_clients" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "citizens_phone_idx" ON "citizens" USING btree ("phone_index");--> statement-breakpoint
CREATE UNIQUE INDEX "citizens_document_idx" ON "citizens" USING btree ("document_type","document_index");--> statement-breakpoint
CREATE INDEX "otp_codes_phone_idx" ON "otp_codes" USING btree ("phone_index","created_at");--> statement-breakpoint
CREATE INDEX "rate_limits_expires_idx" ON "rate_limits" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_subject_idx" ON "sessions" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "sms_outbox_created_idx" ON "sms_outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sms_outbox_phone_idx" ON "sms_outbox" USING btree ("phone_index","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_username_lower_idx" ON "staff_accounts" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_at");--> statement-breakpoint
CREATE INDEX "jobs_lease_idx" ON "jobs" USING btree ("status","locked_until");