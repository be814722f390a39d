-- Custom migration (drizzle-kit generate --custom): the venues' place-code cache joins the change feed
-- (platform/db/change-feed.ts). A committed change to a venue (approval, suspension, a new poster
-- version, a new secret) NOTIFYs fx_venue '<venue id>', so every instance drops that venue's cached
-- secret and status at once instead of after its 30-second lifetime.
CREATE TRIGGER venues_change_feed AFTER INSERT OR UPDATE OR DELETE ON venues
  FOR EACH ROW EXECUTE FUNCTION fx_notify_change('fx_venue', 'id');
--> statement-breakpoint
CREATE TRIGGER venues_change_feed_truncate AFTER TRUNCATE ON venues
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_venue');
