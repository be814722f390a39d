/**
 * Ticket KPIs of one month (China time) in the officer's region: by department — received, answered
 * (response rate), answered by the deadline (on-time rate), rated and satisfied (1–3 of 好差评); and
 * counts by channel, by category and by day — read from the daily roll-up ticket_kpi_daily (kept by
 * triggers on tickets, folded by the tickets.kpi-compact job). The same on PGlite and PostgreSQL.
 * XLSX export of the same figures.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { rows, type DbOrTx } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import type { TicketKpi as Kpi } from '@fangxian/contracts/tickets';
import { listCategories } from './tickets.categories.ts';

export type { TicketDepartmentKpi as DepartmentKpi, TicketKpi as Kpi } from '@fangxian/contracts/tickets';

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

/** [from, to) of a month in China time. */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000);
  const to = new Date(Date.UTC(y, m, 1) - 8 * 3600_000);
  return { from, to };
}

/** The first day of a month and of the next one ('YYYY-MM-DD', China calendar days). */
export function monthDays(month: string): { first: string; next: string } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { first: `${month}-01`, next: `${next}-01` };
}

interface KpiRow { g_dep: number; g_ch: number; g_cat: number; department: string; channel: string; category_id: string | null; day: string; count: number; received: number; answered: number; on_time: number; rated: number; satisfied: number }

/**
 * The month's figures from the daily roll-up (ticket_kpi_daily, kept by triggers on tickets): the
 * rows of the month's days in the region — ≈ 30 a department, channel and category — summed by
 * dimension and key, and the day totals from the channel rows. Answers the same rows as
 * kpiRawStatement (tickets-kpi-rollup.int.test.ts proves it after filings, transitions and reopenings).
 */
export function kpiStatement(from: Date, to: Date, regionCode: string) {
  const china = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const scope = regionCode ? sql`and region_code like ${`${divisionPrefix(regionCode)}%`}` : sql``;
  return sql`
    with k as (
      select dim, key, day, count, received, answered, on_time, rated, satisfied from ticket_kpi_daily
      where day >= ${china(from)}::date and day < ${china(to)}::date ${scope}
    )
    select case when dim = 'department' then 0 else 1 end as g_dep, case when dim = 'channel' then 0 else 1 end as g_ch, case when dim = 'category' then 0 else 1 end as g_cat,
      case when dim = 'department' then key end as department, case when dim = 'channel' then key end as channel,
      case when dim = 'category' then nullif(key, '') end as category_id, null as day,
      sum(count)::int as count, sum(received)::int as received, sum(answered)::int as answered, sum(on_time)::int as on_time, sum(rated)::int as rated, sum(satisfied)::int as satisfied
    from k group by dim, key having sum(count) <> 0
    union all
    select 1, 1, 1, null, null, null, to_char(day, 'YYYY-MM-DD'), sum(count)::int, sum(received)::int, sum(answered)::int, sum(on_time)::int, sum(rated)::int, sum(satisfied)::int
    from k where dim = 'channel' group by day having sum(count) <> 0`;
}

/**
 * The same figures computed from the tickets themselves: one pass over the month's tickets grouped by
 * four grouping sets — department, channel, category and China day. Department figures leave merged
 * duplicates out (their master is counted); the counts by channel, category and day include them.
 * What the roll-up must equal (the test's reference, the bench's comparison).
 */
export function kpiRawStatement(from: Date, to: Date, regionCode: string) {
  const scope = regionCode ? sql`and region_code like ${`${divisionPrefix(regionCode)}%`}` : sql``;
  return sql`
    select grouping(department) as g_dep, grouping(channel) as g_ch, grouping(category_id) as g_cat,
      department, channel, category_id, day, count(*)::int as count,
      count(*) filter (where status <> 'merged')::int as received,
      count(*) filter (where status <> 'merged' and answered)::int as answered,
      count(*) filter (where status <> 'merged' and replied_at is not null and replied_at <= due_at)::int as on_time,
      count(*) filter (where status <> 'merged' and rating is not null)::int as rated,
      count(*) filter (where status <> 'merged' and rating between 1 and 3)::int as satisfied
    from (
      select coalesce(department, '未分派') as department, channel, category_id, status, answered, replied_at, due_at, rating,
        to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day
      from tickets
      where created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz ${scope}
    ) m
    group by grouping sets ((department), (channel), (category_id), (day))`;
}

/** Reads one month's KPI rows (from the roll-up, or `raw` from the tickets). */
export async function kpiRows(db: DbOrTx, month: string, regionCode: string, raw = false): Promise<KpiRow[]> {
  const { from, to } = monthRange(month);
  return rows<KpiRow>(db, raw ? kpiRawStatement(from, to, regionCode) : kpiStatement(from, to, regionCode));
}

/**
 * Folds the roll-up's appended rows (compact = false) into one row per key, in one statement: the
 * rows of every key that has new ones are deleted and their sums inserted (keys whose sums are all
 * zero vanish). Atomic, so a crash leaves the sums as they were; a rerun finds nothing to fold.
 * Rows appended meanwhile by other transactions are not in its snapshot and stay for the next run.
 */
export async function compactKpi(db: DbOrTx): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`
    with gone as (
      delete from ticket_kpi_daily k using (select distinct day, region_code, dim, key from ticket_kpi_daily where not compact) p
      where k.day = p.day and k.region_code = p.region_code and k.dim = p.dim and k.key = p.key
      returning k.*
    ), folded as (
      insert into ticket_kpi_daily (day, region_code, dim, key, count, received, answered, on_time, rated, satisfied, compact)
      select day, region_code, dim, key, sum(count), sum(received), sum(answered), sum(on_time), sum(rated), sum(satisfied), true
      from gone group by day, region_code, dim, key
      having sum(count) <> 0 or sum(received) <> 0 or sum(answered) <> 0 or sum(on_time) <> 0 or sum(rated) <> 0 or sum(satisfied) <> 0
      -- In day order: a month's folded rows lie together on disk (a few dozen pages to read, not the table).
      order by day, region_code, dim, key
      returning 1
    )
    select (select count(*) from gone)::int as n`);
  return Number(r?.n ?? 0);
}

export const KPI_COMPACT_JOB = 'tickets.kpi-compact';
export const KpiCompactJobType = defineJob(KPI_COMPACT_JOB, async (run) => ({ folded: await compactKpi(run.ctx.db) }), { maxAttempts: 3 });
/** Every minute: the month's KPI reads stay at about one row per day and key. */
export const kpiSchedules = (): ScheduleSpec[] => [{ name: KPI_COMPACT_JOB, type: KPI_COMPACT_JOB, everyMs: 60_000 }];

export async function kpi(ctx: AppContext, principal: Principal, month: string, meta: RequestMeta): Promise<Kpi> {
  const staff = asStaff(principal);
  const db = ctx.db;
  const all = await kpiRows(db, month, staff.regionCode);
  const deps = all.filter((r) => Number(r.g_dep) === 0 && r.received > 0).sort((a, b) => b.received - a.received || a.department.localeCompare(b.department));
  const byChannel = all.filter((r) => Number(r.g_ch) === 0).map((r) => ({ channel: r.channel, count: r.count })).sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel));
  const byCat = all.filter((r) => Number(r.g_cat) === 0).map((r) => ({ category_id: r.category_id, count: r.count })).sort((a, b) => b.count - a.count);
  const byDay = all.filter((r) => Number(r.g_dep) === 1 && Number(r.g_ch) === 1 && Number(r.g_cat) === 1).map((r) => ({ day: r.day, count: r.count })).sort((a, b) => a.day.localeCompare(b.day));
  const names = new Map((await listCategories(db, false)).map((c) => [c.id, c.name]));
  await recordAudit(db, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'tickets.kpi.read', subjectType: 'ticket', regionCode: staff.regionCode || null, detail: { month } });
  return {
    month,
    departments: deps.map((d) => ({
      department: d.department, received: d.received, answered: d.answered, answeredOnTime: d.on_time, rated: d.rated, satisfied: d.satisfied,
      responseRate: rate(d.answered, d.received), onTimeRate: rate(d.on_time, d.answered), satisfactionRate: rate(d.satisfied, d.rated),
    })),
    byChannel,
    byCategory: byCat.map((c) => ({ categoryId: c.category_id, category: c.category_id ? (names.get(c.category_id) ?? c.category_id) : '未分类', count: c.count })),
    byDay,
  };
}

/** The same figures as an XLSX workbook (one sheet per table). */
export async function kpiXlsx(k: Kpi): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const dep = wb.addWorksheet('部门');
  dep.addRow(['承办部门', '受理', '已答复', '按期答复', '已评价', '满意', '响应率', '按期办结率', '满意率']);
  for (const d of k.departments) dep.addRow([d.department, d.received, d.answered, d.answeredOnTime, d.rated, d.satisfied, d.responseRate, d.onTimeRate, d.satisfactionRate]);
  const ch = wb.addWorksheet('来源');
  ch.addRow(['来源', '件数']);
  for (const c of k.byChannel) ch.addRow([c.channel, c.count]);
  const cat = wb.addWorksheet('分类');
  cat.addRow(['分类', '件数']);
  for (const c of k.byCategory) cat.addRow([c.category, c.count]);
  const day = wb.addWorksheet('每日');
  day.addRow(['日期', '件数']);
  for (const d of k.byDay) day.addRow([d.day, d.count]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
