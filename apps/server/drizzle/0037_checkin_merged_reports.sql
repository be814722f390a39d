-- Custom migration (drizzle-kit generate --custom), issue 14's submit path.
-- 1. Every submission of a daily report is kept in checkin_report_history by a trigger on
--    checkin_reports (a new row, or an amendment that bumped `revision`), so the report is one plain
--    upsert that group commit can merge with other members' reports (one statement per batch).
CREATE OR REPLACE FUNCTION checkin_report_history_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.revision = NEW.revision THEN
    RETURN NULL;
  END IF;
  INSERT INTO checkin_report_history (citizen_id, day, revision, temperature, symptoms, division_code, risk_area_contact, code_colour, abnormal, extra, submitted_at)
  VALUES (NEW.citizen_id, NEW.day, NEW.revision, NEW.temperature, NEW.symptoms, NEW.division_code, NEW.risk_area_contact, NEW.code_colour, NEW.abnormal, NEW.extra, NEW.submitted_at)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER checkin_reports_history AFTER INSERT OR UPDATE ON checkin_reports
  FOR EACH ROW EXECUTE FUNCTION checkin_report_history_keep();
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
