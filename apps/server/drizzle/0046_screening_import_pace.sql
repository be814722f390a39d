ALTER TABLE "screening_imports" ADD COLUMN "pace" text DEFAULT 'paced' NOT NULL;--> statement-breakpoint
ALTER TABLE "screening_imports" ADD COLUMN "batch_rows" integer;