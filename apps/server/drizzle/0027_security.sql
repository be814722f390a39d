CREATE TABLE "staff_commitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"text_hash" text NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text
);
--> statement-breakpoint
ALTER TABLE "staff_accounts" ADD COLUMN "commitment_version" integer;--> statement-breakpoint
ALTER TABLE "staff_accounts" ADD COLUMN "commitment_signed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "staff_commitments_staff_idx" ON "staff_commitments" USING btree ("staff_id","signed_at");