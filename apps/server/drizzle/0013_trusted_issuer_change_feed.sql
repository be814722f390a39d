-- Custom migration (drizzle-kit generate --custom): other issuers' trusted keys join the change feed
-- (platform/db/change-feed.ts). A committed change to hc_trusted_issuers (a key trusted or revoked
-- through the console, on any instance) NOTIFYs fx_issuer '*', so every instance drops its cached
-- trust list at once instead of after a 30-second lifetime.
CREATE TRIGGER hc_trusted_issuers_change_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hc_trusted_issuers
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_issuer');
