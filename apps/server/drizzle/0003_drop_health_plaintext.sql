ALTER TABLE "hc_corrections" DROP COLUMN "fact_summary";--> statement-breakpoint
ALTER TABLE "hc_declarations" DROP COLUMN "temperature";--> statement-breakpoint
ALTER TABLE "hc_declarations" DROP COLUMN "symptoms";--> statement-breakpoint
ALTER TABLE "hc_declarations" DROP COLUMN "contact_with_case";--> statement-breakpoint
ALTER TABLE "hc_declarations" DROP COLUMN "underlying_illness_cipher";