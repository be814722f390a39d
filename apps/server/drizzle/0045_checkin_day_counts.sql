CREATE TABLE "checkin_day_counts" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"department_key" uuid NOT NULL,
	"label" text NOT NULL,
	"reported" integer NOT NULL,
	"abnormal" integer NOT NULL,
	CONSTRAINT "checkin_day_counts_pk" PRIMARY KEY("org_id","day","department_key","label")
);
--> statement-breakpoint
CREATE TABLE "checkin_member_counts" (
	"org_id" uuid NOT NULL,
	"department_key" uuid NOT NULL,
	"label" text NOT NULL,
	"members" integer NOT NULL,
	CONSTRAINT "checkin_member_counts_pk" PRIMARY KEY("org_id","department_key","label")
);
--> statement-breakpoint
CREATE INDEX "checkin_members_org_active_dept_idx" ON "checkin_members" USING btree ("org_id","department","citizen_id") WHERE status = 'active';--> statement-breakpoint
-- Issue 14: the organisation's day totals without reading every member. checkin_member_counts (active
-- members per organisation, department node and label) and checkin_day_counts (per organisation, day,
-- node and label: reported, abnormal) are kept by statement-level triggers — one grouped upsert per
-- statement, so group commit's merged report upsert adds one more statement per batch, not per row.
-- Concurrency (PostgreSQL, READ COMMITTED): a report counted while the reporter's membership changes in
-- another transaction would be missed by both sides (each cannot see the other's uncommitted row). Both
-- sides therefore take a transaction advisory lock per citizen (class 14, one of 256 buckets by hashtext of the id; reports
-- shared, membership changes exclusive, in key order) *before* the counting statement, which then runs
-- with a fresh snapshot and sees the other side's committed row.
INSERT INTO checkin_member_counts (org_id, department_key, label, members)
SELECT org_id, coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(department, ''), count(*)::int
  FROM checkin_members WHERE status = 'active' GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO checkin_day_counts (org_id, day, department_key, label, reported, abnormal)
SELECT m.org_id, r.day, coalesce(m.department_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(m.department, ''), count(*)::int, (count(*) FILTER (WHERE r.abnormal))::int
  FROM checkin_members m JOIN checkin_reports r ON r.citizen_id = m.citizen_id
 WHERE m.status = 'active' GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- The report side lives in 0037's history trigger functions (one trigger call per statement, not two:
-- a plpgsql trigger call with transition tables is most of the cost of the usual amendment, which
-- changes no count). An amendment touches the counts only when it turns a report abnormal or normal.
CREATE OR REPLACE FUNCTION checkin_report_history_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO checkin_report_history (citizen_id, day, revision, temperature, symptoms, division_code, risk_area_contact, code_colour, abnormal, extra, submitted_at)
  SELECT citizen_id, day, revision, temperature, symptoms, division_code, risk_area_contact, code_colour, abnormal, extra, submitted_at FROM checkin_new_reports
  ON CONFLICT DO NOTHING;
  PERFORM pg_advisory_xact_lock_shared(14, k) FROM (SELECT DISTINCT (hashtext(citizen_id::text) & 255) AS k FROM checkin_new_reports ORDER BY 1) x;
  INSERT INTO checkin_day_counts AS c (org_id, day, department_key, label, reported, abnormal)
  SELECT m.org_id, n.day, coalesce(m.department_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(m.department, ''), count(*)::int, (count(*) FILTER (WHERE n.abnormal))::int
    FROM checkin_new_reports n JOIN checkin_members m ON m.citizen_id = n.citizen_id AND m.status = 'active'
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (org_id, day, department_key, label) DO UPDATE SET reported = c.reported + excluded.reported, abnormal = c.abnormal + excluded.abnormal;
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
  IF EXISTS (SELECT 1 FROM checkin_new_reports n JOIN checkin_old_reports o ON o.citizen_id = n.citizen_id AND o.day = n.day WHERE o.abnormal <> n.abnormal) THEN
    PERFORM pg_advisory_xact_lock_shared(14, k) FROM (
      SELECT DISTINCT (hashtext(n.citizen_id::text) & 255) AS k FROM checkin_new_reports n
        JOIN checkin_old_reports o ON o.citizen_id = n.citizen_id AND o.day = n.day
       WHERE o.abnormal <> n.abnormal ORDER BY 1) x;
    INSERT INTO checkin_day_counts AS c (org_id, day, department_key, label, reported, abnormal)
    SELECT m.org_id, n.day, coalesce(m.department_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(m.department, ''), 0, sum(CASE WHEN n.abnormal THEN 1 ELSE -1 END)::int
      FROM checkin_new_reports n
      JOIN checkin_old_reports o ON o.citizen_id = n.citizen_id AND o.day = n.day
      JOIN checkin_members m ON m.citizen_id = n.citizen_id AND m.status = 'active'
     WHERE o.abnormal <> n.abnormal
     GROUP BY 1, 2, 3, 4 HAVING sum(CASE WHEN n.abnormal THEN 1 ELSE -1 END) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, day, department_key, label) DO UPDATE SET abnormal = c.abnormal + excluded.abnormal;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Applies membership deltas (sign +1: became active in a node/label, -1: stopped), passed as a jsonb
-- array of {org_id, citizen_id, department_key, label, sign}: called by the three membership triggers below.
CREATE OR REPLACE FUNCTION checkin_counts_apply_member_deltas(deltas jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF deltas IS NULL OR jsonb_array_length(deltas) = 0 THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(14, k) FROM (
    SELECT DISTINCT (hashtext(d.citizen_id::text) & 255) AS k FROM jsonb_to_recordset(deltas) AS d(citizen_id uuid) ORDER BY 1) x;
  INSERT INTO checkin_member_counts AS c (org_id, department_key, label, members)
  SELECT d.org_id, d.department_key, d.label, sum(d.sign)::int
    FROM jsonb_to_recordset(deltas) AS d(org_id uuid, citizen_id uuid, department_key uuid, label text, sign int)
   GROUP BY 1, 2, 3 HAVING sum(d.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, department_key, label) DO UPDATE SET members = c.members + excluded.members;
  INSERT INTO checkin_day_counts AS c (org_id, day, department_key, label, reported, abnormal)
  SELECT d.org_id, r.day, d.department_key, d.label, sum(d.sign)::int, coalesce(sum(d.sign) FILTER (WHERE r.abnormal), 0)::int
    FROM jsonb_to_recordset(deltas) AS d(org_id uuid, citizen_id uuid, department_key uuid, label text, sign int)
    JOIN checkin_reports r ON r.citizen_id = d.citizen_id
   GROUP BY 1, 2, 3, 4 HAVING sum(d.sign) <> 0 OR coalesce(sum(d.sign) FILTER (WHERE r.abnormal), 0) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (org_id, day, department_key, label) DO UPDATE SET reported = c.reported + excluded.reported, abnormal = c.abnormal + excluded.abnormal;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION checkin_counts_members_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM checkin_counts_apply_member_deltas((
    SELECT jsonb_agg(jsonb_build_object('org_id', n.org_id, 'citizen_id', n.citizen_id, 'department_key', coalesce(n.department_id, '00000000-0000-0000-0000-000000000000'::uuid), 'label', coalesce(n.department, ''), 'sign', 1))
      FROM checkin_counts_new_members n WHERE n.status = 'active'));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION checkin_counts_members_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM checkin_counts_apply_member_deltas((
    SELECT jsonb_agg(jsonb_build_object('org_id', o.org_id, 'citizen_id', o.citizen_id, 'department_key', coalesce(o.department_id, '00000000-0000-0000-0000-000000000000'::uuid), 'label', coalesce(o.department, ''), 'sign', -1))
      FROM checkin_counts_old_members o WHERE o.status = 'active'));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION checkin_counts_members_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only memberships whose activity, node or label changed (a promotion changes nothing counted).
  PERFORM checkin_counts_apply_member_deltas((
    SELECT jsonb_agg(x.d) FROM (
      SELECT jsonb_build_object('org_id', n.org_id, 'citizen_id', n.citizen_id, 'department_key', coalesce(n.department_id, '00000000-0000-0000-0000-000000000000'::uuid), 'label', coalesce(n.department, ''), 'sign', 1) AS d
        FROM checkin_counts_new_members n JOIN checkin_counts_old_members o ON o.org_id = n.org_id AND o.citizen_id = n.citizen_id
       WHERE n.status = 'active' AND (o.status <> 'active' OR o.department_id IS DISTINCT FROM n.department_id OR o.department IS DISTINCT FROM n.department)
      UNION ALL
      SELECT jsonb_build_object('org_id', o.org_id, 'citizen_id', o.citizen_id, 'department_key', coalesce(o.department_id, '00000000-0000-0000-0000-000000000000'::uuid), 'label', coalesce(o.department, ''), 'sign', -1)
        FROM checkin_counts_old_members o JOIN checkin_counts_new_members n ON o.org_id = n.org_id AND o.citizen_id = n.citizen_id
       WHERE o.status = 'active' AND (n.status <> 'active' OR o.department_id IS DISTINCT FROM n.department_id OR o.department IS DISTINCT FROM n.department)
    ) x));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER checkin_members_counts_insert AFTER INSERT ON checkin_members
  REFERENCING NEW TABLE AS checkin_counts_new_members
  FOR EACH STATEMENT EXECUTE FUNCTION checkin_counts_members_inserted();
--> statement-breakpoint
CREATE TRIGGER checkin_members_counts_update AFTER UPDATE ON checkin_members
  REFERENCING OLD TABLE AS checkin_counts_old_members NEW TABLE AS checkin_counts_new_members
  FOR EACH STATEMENT EXECUTE FUNCTION checkin_counts_members_updated();
--> statement-breakpoint
CREATE TRIGGER checkin_members_counts_delete AFTER DELETE ON checkin_members
  REFERENCING OLD TABLE AS checkin_counts_old_members
  FOR EACH STATEMENT EXECUTE FUNCTION checkin_counts_members_deleted();
