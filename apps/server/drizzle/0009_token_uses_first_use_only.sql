ALTER TABLE "hc_token_uses" DROP COLUMN "last_used_at";--> statement-breakpoint
ALTER TABLE "hc_token_uses" DROP COLUMN "uses";