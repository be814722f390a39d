/**
 * Ticket KPIs of one month (China time) in the officer's region: by department — received, answered
 * (response rate), answered by the deadline (on-time rate), rated and satisfied (1–3 of 好差评); and
 * counts by channel, by category and by day. One GROUP BY per figure; the same on PGlite and PostgreSQL.
 * XLSX export of the same figures.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { rows } from '../../platform/db/database.ts';
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

/**
 * The month's figures in one statement: one pass over the month's tickets (tickets_kpi_idx, which
 * covers every column read, so the scan is index-only once the table is vacuumed) grouped by four
 * grouping sets — department, channel, category and China day. Department figures leave merged
 * duplicates out (their master is counted); the counts by channel, category and day include them.
 */
export function kpiStatement(from: Date, to: Date, regionCode: string) {
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

export async function kpi(ctx: AppContext, principal: Principal, month: string, meta: RequestMeta): Promise<Kpi> {
  const staff = asStaff(principal);
  const { from, to } = monthRange(month);
  const db = ctx.db;
  const all = await rows<{ g_dep: number; g_ch: number; g_cat: number; department: string; channel: string; category_id: string | null; day: string; count: number; received: number; answered: number; on_time: number; rated: number; satisfied: number }>(
    db,
    kpiStatement(from, to, staff.regionCode),
  );
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
