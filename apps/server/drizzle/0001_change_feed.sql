-- Custom migration (drizzle-kit generate --custom): the change feed behind in-process caches
-- (platform/db/change-feed.ts). Triggers announce, on COMMIT, which person's code or identity
-- changed (NOTIFY fx_citizen '<citizen id>'), or '*' when something that affects everybody's code
-- changed (the risk-area registry, rule sets, a TRUNCATE). Listeners drop what they cached.
CREATE OR REPLACE FUNCTION fx_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_key text;
  new_key text;
BEGIN
  IF TG_LEVEL = 'STATEMENT' OR TG_NARGS < 2 THEN
    PERFORM pg_notify(TG_ARGV[0], '*');
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    old_key := to_jsonb(OLD) ->> TG_ARGV[1];
    PERFORM pg_notify(TG_ARGV[0], coalesce(old_key, '*'));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_key := to_jsonb(NEW) ->> TG_ARGV[1];
    IF new_key IS DISTINCT FROM old_key OR TG_OP = 'INSERT' THEN
      PERFORM pg_notify(TG_ARGV[0], coalesce(new_key, '*'));
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER citizens_change_feed AFTER INSERT OR UPDATE OR DELETE ON citizens
  FOR EACH ROW EXECUTE FUNCTION fx_notify_change('fx_citizen', 'id');
--> statement-breakpoint
CREATE TRIGGER citizens_change_feed_truncate AFTER TRUNCATE ON citizens
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_citizen');
--> statement-breakpoint
CREATE TRIGGER health_codes_change_feed AFTER INSERT OR UPDATE OR DELETE ON health_codes
  FOR EACH ROW EXECUTE FUNCTION fx_notify_change('fx_citizen', 'citizen_id');
--> statement-breakpoint
CREATE TRIGGER health_codes_change_feed_truncate AFTER TRUNCATE ON health_codes
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_citizen');
--> statement-breakpoint
CREATE TRIGGER risk_areas_change_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON risk_areas
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_citizen');
--> statement-breakpoint
CREATE TRIGGER hc_rule_sets_change_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hc_rule_sets
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_citizen');
