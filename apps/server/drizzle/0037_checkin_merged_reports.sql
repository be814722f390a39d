-- Custom migration (drizzle-kit generate --custom), issue 14's submit path.
-- 1. Every submission of a daily report is kept in checkin_report_history by statement-level
--    triggers on checkin_reports (new rows, and amendments that bumped `revision`), so the report is
--    one plain upsert that group commit merges with other members' reports (one statement per batch);
--    the triggers see the whole batch at once through transition tables (one insert per statement).
CREATE OR REPLACE FUNCTION checkin_report_history_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO checkin_report_history (citizen_id, day, revision, temperature, symptoms, division_code, risk_area_contact, code_colour, abnormal, extra, submitted_at)
  SELECT citizen_id, day, revision, temperature, symptoms, division_code, risk_area_contact, code_colour, abnormal, extra, submitted_at FROM checkin_new_reports
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION checkin_report_history_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO checkin_report_history (citizen_id, day, revision, temperature, symptoms, division_code, risk_area_contact, code_colour, abnormal, extra, submitted_at)
  SELECT n.citizen_id, n.day, n.revision, n.temperature, n.symptoms, n.division_code, n.risk_area_contact, n.code_colour, n.abnormal, n.extra, n.submitted_at
  FROM checkin_new_reports n
  WHERE NOT EXISTS (SELECT 1 FROM checkin_old_reports o WHERE o.citizen_id = n.citizen_id AND o.day = n.day AND o.revision = n.revision)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER checkin_reports_history_insert AFTER INSERT ON checkin_reports
  REFERENCING NEW TABLE AS checkin_new_reports
  FOR EACH STATEMENT EXECUTE FUNCTION checkin_report_history_inserted();
--> statement-breakpoint
CREATE TRIGGER checkin_reports_history_update AFTER UPDATE ON checkin_reports
  REFERENCING OLD TABLE AS checkin_old_reports NEW TABLE AS checkin_new_reports
  FOR EACH STATEMENT EXECUTE FUNCTION checkin_report_history_updated();
--> statement-breakpoint
-- 2. The change feed (platform/db/change-feed.ts) channel fx_checkin: a membership change announces
--    the member's citizen id, an organisation change '*' (its name, status or extra fields are in
--    every member's cached forms; such changes are rare). The submit path caches each person's forms.
CREATE TRIGGER checkin_members_change_feed AFTER INSERT OR UPDATE OR DELETE ON checkin_members
  FOR EACH ROW EXECUTE FUNCTION fx_notify_change('fx_checkin', 'citizen_id');
--> statement-breakpoint
CREATE TRIGGER checkin_members_change_feed_truncate AFTER TRUNCATE ON checkin_members
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_checkin');
--> statement-breakpoint
CREATE TRIGGER checkin_orgs_change_feed AFTER UPDATE OR DELETE OR TRUNCATE ON checkin_orgs
  FOR EACH STATEMENT EXECUTE FUNCTION fx_notify_change('fx_checkin');
