-- Custom migration (drizzle-kit generate --custom): fills the clear reason codes of the rows written before
-- 0006 from their clear reasons — rule id, reason code, colour and state of each reason, in order; no text,
-- no evidence. The reasons themselves cannot be encrypted here (the data keys are not in the database):
-- the health-code module seals them into reasons_cipher / holds_cipher at start and clears the old
-- columns (health-code.reasons.ts sealLegacyReasons). 0008 then makes reason_codes required and moves
-- the "no colour without a reason" check constraints onto it.
UPDATE "health_codes" SET "reason_codes" = coalesce((
  SELECT jsonb_agg(jsonb_build_object('ruleId', r.value->'ruleId', 'reasonCode', r.value->'reasonCode', 'colour', r.value->'colour', 'state', r.value->'state') ORDER BY r.n)
  FROM jsonb_array_elements("health_codes"."reasons") WITH ORDINALITY AS r(value, n)
), '[]'::jsonb)
WHERE "reason_codes" IS NULL;
--> statement-breakpoint
UPDATE "health_code_events" SET "reason_codes" = coalesce((
  SELECT jsonb_agg(jsonb_build_object('ruleId', r.value->'ruleId', 'reasonCode', r.value->'reasonCode', 'colour', r.value->'colour', 'state', r.value->'state') ORDER BY r.n)
  FROM jsonb_array_elements("health_code_events"."reasons") WITH ORDINALITY AS r(value, n)
), '[]'::jsonb)
WHERE "reason_codes" IS NULL;
