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
import { listCategories } from './tickets.categories.ts';

export interface DepartmentKpi {
  department: string;
  received: number;
  answered: number;
  answeredOnTime: number;
  rated: number;
  satisfied: number;
  responseRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

export interface Kpi {
  month: string;
  departments: DepartmentKpi[];
  byChannel: { channel: string; count: number }[];
  byCategory: { categoryId: string | null; category: string; count: number }[];
  byDay: { day: string; count: number }[];
}

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

/** [from, to) of a month in China time. */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000);
  const to = new Date(Date.UTC(y, m, 1) - 8 * 3600_000);
  return { from, to };
}

export async function kpi(ctx: AppContext, principal: Principal, month: string, meta: RequestMeta): Promise<Kpi> {
  const staff = asStaff(principal);
  const { from, to } = monthRange(month);
  const scope = staff.regionCode ? sql`and region_code like ${`${divisionPrefix(staff.regionCode)}%`}` : sql``;
  const window = sql`created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz ${scope}`;
  const db = ctx.db;
  const deps = await rows<{ department: string; received: number; answered: number; on_time: number; rated: number; satisfied: number }>(db, sql`
    select coalesce(department, '未分派') as department, count(*)::int as received,
      count(*) filter (where reply is not null)::int as answered,
      count(*) filter (where replied_at is not null and replied_at <= due_at)::int as on_time,
      count(*) filter (where rating is not null)::int as rated,
      count(*) filter (where rating between 1 and 3)::int as satisfied
    from tickets where ${window} and status not in ('merged') group by 1 order by 2 desc, 1`);
  const byChannel = await rows<{ channel: string; count: number }>(db, sql`select channel, count(*)::int as count from tickets where ${window} group by 1 order by 2 desc, 1`);
  const byCat = await rows<{ category_id: string | null; count: number }>(db, sql`select category_id, count(*)::int as count from tickets where ${window} group by 1 order by 2 desc`);
  const byDay = await rows<{ day: string; count: number }>(db, sql`select to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*)::int as count from tickets where ${window} group by 1 order by 1`);
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
