-- Custom migration (drizzle-kit generate --custom): the citizen self-check's snapshot of published
-- itineraries (tracing.published-cache.ts) joins the change feed (platform/db/change-feed.ts). A
-- committed change to itinerary points (publication), cases (public number, status) or the tracing
-- settings (stay per venue type, windows) NOTIFYs fx_tracing '*', and every instance reads the
-- snapshot again on its next self-check. Statement-level: one announcement per statement.
CREATE TRIGGER tracing_itinerary_points_change_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tracing_itinerary_points
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_tracing');
--> statement-breakpoint
CREATE TRIGGER tracing_cases_change_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tracing_cases
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_tracing');
--> statement-breakpoint
CREATE TRIGGER tracing_stay_defaults_change_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tracing_stay_defaults
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_tracing');
--> statement-breakpoint
CREATE TRIGGER tracing_windows_change_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tracing_windows
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_tracing');
