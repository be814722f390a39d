-- What the door answered is recorded on each scan (issue 11): pass (通行) or stop (禁止通行), so a
-- refusal at the door is stored as a refusal. Rows written before this migration get the decision
-- their colour gave at the time (green passes, yellow and red are stopped).
ALTER TABLE "scans" ADD COLUMN "decision" text;--> statement-breakpoint
UPDATE "scans" SET "decision" = CASE WHEN "colour" = 'green' THEN 'pass' ELSE 'stop' END;--> statement-breakpoint
ALTER TABLE "scans" ALTER COLUMN "decision" SET NOT NULL;
