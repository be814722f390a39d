-- The override that decided a code's colour, typed and sealed (health-code.reasons.ts), instead of being read back from its reason's evidence.
ALTER TABLE "health_codes" ADD COLUMN "override_cipher" text;
