CREATE TABLE "ticket_kpi_daily" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"region_code" text NOT NULL,
	"dim" text NOT NULL,
	"key" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"compact" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
DROP INDEX "tickets_kpi_idx";--> statement-breakpoint
DROP INDEX "tickets_department_idx";--> statement-breakpoint
CREATE INDEX "ticket_kpi_daily_day_idx" ON "ticket_kpi_daily" USING btree ("day","region_code","dim","key");--> statement-breakpoint
CREATE INDEX "ticket_kpi_daily_pending_idx" ON "ticket_kpi_daily" USING btree ("day","region_code","dim","key") WHERE not compact;--> statement-breakpoint
CREATE INDEX "tickets_created_idx" ON "tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "tickets_department_idx" ON "tickets" USING btree ("department","status","due_at","kind","region_code","id");--> statement-breakpoint
-- The KPI roll-up (tickets.tables.ts ticketKpiDaily, tickets.kpi.ts): every INSERT, UPDATE and DELETE of
-- tickets appends, in its own transaction, the difference it makes to the sums of each (China day of
-- filing, region, dimension, key) — one row per key and statement, from the statement's transition
-- tables (a 100 000-row INSERT … SELECT is one grouped insert; an UPDATE that changes no KPI column
-- appends nothing). Append-only: concurrent filings share no row lock. tickets.kpi-compact folds them.
CREATE OR REPLACE FUNCTION tickets_kpi_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ticket_kpi_daily (day, region_code, dim, key, count, received, answered, on_time, rated, satisfied)
    SELECT day, region_code, dim, key, sum(s), sum(rec), sum(ans), sum(ont), sum(rat), sum(sat)
    FROM (SELECT 1 AS sign, n.* FROM new_rows n) c
    CROSS JOIN LATERAL (SELECT (c.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, c.sign AS s,
      CASE WHEN c.status <> 'merged' THEN c.sign ELSE 0 END AS rec,
      CASE WHEN c.status <> 'merged' AND c.reply IS NOT NULL THEN c.sign ELSE 0 END AS ans,
      CASE WHEN c.status <> 'merged' AND c.replied_at IS NOT NULL AND c.replied_at <= c.due_at THEN c.sign ELSE 0 END AS ont,
      CASE WHEN c.status <> 'merged' AND c.rating IS NOT NULL THEN c.sign ELSE 0 END AS rat,
      CASE WHEN c.status <> 'merged' AND c.rating BETWEEN 1 AND 3 THEN c.sign ELSE 0 END AS sat) f
    CROSS JOIN LATERAL (VALUES ('department', coalesce(c.department, '未分派')), ('channel', c.channel), ('category', coalesce(c.category_id::text, ''))) d(dim, key)
    GROUP BY day, region_code, dim, key;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO ticket_kpi_daily (day, region_code, dim, key, count, received, answered, on_time, rated, satisfied)
    SELECT day, region_code, dim, key, sum(s), sum(rec), sum(ans), sum(ont), sum(rat), sum(sat)
    FROM (SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1 AS sign, o.* FROM old_rows o) c
    CROSS JOIN LATERAL (SELECT (c.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, c.sign AS s,
      CASE WHEN c.status <> 'merged' THEN c.sign ELSE 0 END AS rec,
      CASE WHEN c.status <> 'merged' AND c.reply IS NOT NULL THEN c.sign ELSE 0 END AS ans,
      CASE WHEN c.status <> 'merged' AND c.replied_at IS NOT NULL AND c.replied_at <= c.due_at THEN c.sign ELSE 0 END AS ont,
      CASE WHEN c.status <> 'merged' AND c.rating IS NOT NULL THEN c.sign ELSE 0 END AS rat,
      CASE WHEN c.status <> 'merged' AND c.rating BETWEEN 1 AND 3 THEN c.sign ELSE 0 END AS sat) f
    CROSS JOIN LATERAL (VALUES ('department', coalesce(c.department, '未分派')), ('channel', c.channel), ('category', coalesce(c.category_id::text, ''))) d(dim, key)
    GROUP BY day, region_code, dim, key
    HAVING sum(s) <> 0 OR sum(rec) <> 0 OR sum(ans) <> 0 OR sum(ont) <> 0 OR sum(rat) <> 0 OR sum(sat) <> 0;
  ELSE
    INSERT INTO ticket_kpi_daily (day, region_code, dim, key, count, received, answered, on_time, rated, satisfied)
    SELECT day, region_code, dim, key, sum(s), sum(rec), sum(ans), sum(ont), sum(rat), sum(sat)
    FROM (SELECT -1 AS sign, o.* FROM old_rows o) c
    CROSS JOIN LATERAL (SELECT (c.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, c.sign AS s,
      CASE WHEN c.status <> 'merged' THEN c.sign ELSE 0 END AS rec,
      CASE WHEN c.status <> 'merged' AND c.reply IS NOT NULL THEN c.sign ELSE 0 END AS ans,
      CASE WHEN c.status <> 'merged' AND c.replied_at IS NOT NULL AND c.replied_at <= c.due_at THEN c.sign ELSE 0 END AS ont,
      CASE WHEN c.status <> 'merged' AND c.rating IS NOT NULL THEN c.sign ELSE 0 END AS rat,
      CASE WHEN c.status <> 'merged' AND c.rating BETWEEN 1 AND 3 THEN c.sign ELSE 0 END AS sat) f
    CROSS JOIN LATERAL (VALUES ('department', coalesce(c.department, '未分派')), ('channel', c.channel), ('category', coalesce(c.category_id::text, ''))) d(dim, key)
    GROUP BY day, region_code, dim, key;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tickets_kpi_inserted AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tickets_kpi_rollup();
--> statement-breakpoint
CREATE TRIGGER tickets_kpi_updated AFTER UPDATE ON tickets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tickets_kpi_rollup();
--> statement-breakpoint
CREATE TRIGGER tickets_kpi_deleted AFTER DELETE ON tickets REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tickets_kpi_rollup();
--> statement-breakpoint
-- The tickets already there, folded (compact) rows.
INSERT INTO ticket_kpi_daily (day, region_code, dim, key, count, received, answered, on_time, rated, satisfied, compact)
SELECT day, region_code, dim, key, sum(s), sum(rec), sum(ans), sum(ont), sum(rat), sum(sat), true
FROM tickets c
CROSS JOIN LATERAL (SELECT (c.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS s,
  CASE WHEN c.status <> 'merged' THEN 1 ELSE 0 END AS rec,
  CASE WHEN c.status <> 'merged' AND c.reply IS NOT NULL THEN 1 ELSE 0 END AS ans,
  CASE WHEN c.status <> 'merged' AND c.replied_at IS NOT NULL AND c.replied_at <= c.due_at THEN 1 ELSE 0 END AS ont,
  CASE WHEN c.status <> 'merged' AND c.rating IS NOT NULL THEN 1 ELSE 0 END AS rat,
  CASE WHEN c.status <> 'merged' AND c.rating BETWEEN 1 AND 3 THEN 1 ELSE 0 END AS sat) f
CROSS JOIN LATERAL (VALUES ('department', coalesce(c.department, '未分派')), ('channel', c.channel), ('category', coalesce(c.category_id::text, ''))) d(dim, key)
GROUP BY day, region_code, dim, key
ORDER BY day, region_code, dim, key;
