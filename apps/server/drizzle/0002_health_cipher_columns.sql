ALTER TABLE "hc_corrections" ADD COLUMN "fact_summary_cipher" text;--> statement-breakpoint
ALTER TABLE "hc_declarations" ADD COLUMN "health_cipher" text;