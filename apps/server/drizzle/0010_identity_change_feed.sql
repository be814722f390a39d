-- Custom migration (drizzle-kit generate --custom): identity joins the change feed
-- (platform/db/change-feed.ts), replacing the in-process watch over SQL text that invalidated the
-- principal cache. A committed change to a session (sign-out, revocation, expiry moved, purge), a
-- staff account (roles, scope, disabling…) or a citizen (profile fields) NOTIFYs fx_identity with
-- the session id (the token's hash) or the account's / citizen's id, so every listener drops what it
-- resolved for that session or person. A new row cannot be in any cache: INSERT announces nothing.
CREATE TRIGGER sessions_identity_feed AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION fx_notify_change('fx_identity', 'id');
--> statement-breakpoint
CREATE TRIGGER sessions_identity_feed_truncate AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_identity');
--> statement-breakpoint
CREATE TRIGGER staff_accounts_identity_feed AFTER UPDATE OR DELETE ON staff_accounts
  FOR EACH ROW EXECUTE FUNCTION fx_notify_change('fx_identity', 'id');
--> statement-breakpoint
CREATE TRIGGER staff_accounts_identity_feed_truncate AFTER TRUNCATE ON staff_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_identity');
--> statement-breakpoint
CREATE TRIGGER citizens_identity_feed AFTER UPDATE OR DELETE ON citizens
  FOR EACH ROW EXECUTE FUNCTION fx_notify_change('fx_identity', 'id');
--> statement-breakpoint
CREATE TRIGGER citizens_identity_feed_truncate AFTER TRUNCATE ON citizens
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_identity');
