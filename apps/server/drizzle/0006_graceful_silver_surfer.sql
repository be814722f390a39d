DROP INDEX "staff_username_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "staff_username_lower_idx" ON "staff_accounts" USING btree (lower("username"));