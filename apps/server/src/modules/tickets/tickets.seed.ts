import { sql } from 'drizzle-orm';
import { defineSeedStep } from '../../platform/seed/index.ts';
import { ticketCategories, ticketRoutingRules, type CategoryField } from './tickets.tables.ts';
import type { TicketKind } from './tickets.rules.ts';
import type { Sla } from './tickets.sla.ts';

interface DemoCategory {
  code: string;
  parent?: string;
  kind: TicketKind;
  name: string;
  nameEn: string;
  description?: string;
  fields?: CategoryField[];
  sla?: Sla;
}

const list = (values: string[]) => values.map((name, i) => ({ key: String(i + 1), name }));

/** Demo categories of the epidemic defence line (a tree per kind, some with attribute forms). */
export const DEMO_CATEGORIES: DemoCategory[] = [
  {
    code: 'TC-EPI-CONTROL', kind: 'report', name: '防控措施落实', nameEn: 'Epidemic control measures', description: '场所、小区防控措施不落实',
    fields: [
      { code: 'place_type', label: '场所类型', datatype: 'singlevaluelist', required: true, order: 1, values: list(['小区', '商超', '医疗机构', '交通站点', '其他']) },
      { code: 'happened_at', label: '发生时间', datatype: 'datetime', required: false, order: 2 },
    ],
  },
  { code: 'TC-EPI-CODE', parent: 'TC-EPI-CONTROL', kind: 'report', name: '不查验健康码/场所码', nameEn: 'Codes not checked' },
  { code: 'TC-EPI-GATHER', parent: 'TC-EPI-CONTROL', kind: 'report', name: '违规聚集', nameEn: 'Illegal gatherings' },
  {
    code: 'TC-TESTING', kind: 'complaint', name: '核酸检测服务', nameEn: 'Testing sites', sla: { unit: 'working_days', amount: 3 },
    fields: [
      { code: 'site', label: '检测点', datatype: 'string', required: true, order: 1 },
      { code: 'wait_minutes', label: '等候时长（分钟）', datatype: 'number', required: false, order: 2 },
    ],
  },
  {
    code: 'TC-PRICE', kind: 'complaint', name: '防疫物资价格', nameEn: 'Prices of protective supplies',
    fields: [{ code: 'goods', label: '物资', datatype: 'multivaluelist', required: true, order: 1, values: list(['口罩', '消毒液', '药品', '抗原试剂']) }],
  },
  { code: 'TC-POLICY', kind: 'consultation', name: '防疫政策咨询', nameEn: 'Epidemic policy' },
  {
    code: 'TC-TRAVEL', parent: 'TC-POLICY', kind: 'consultation', name: '出行政策', nameEn: 'Travel rules',
    fields: [{ code: 'destination', label: '目的地', datatype: 'string', required: false, order: 1 }],
  },
  {
    code: 'TC-HELP-LIVING', kind: 'help', name: '隔离期间生活求助', nameEn: 'Help during quarantine',
    fields: [{ code: 'needs', label: '需要', datatype: 'multivaluelist', required: true, order: 1, values: list(['买菜', '就医', '取药', '其他']) }],
  },
  { code: 'TC-HELP-MEDICAL', kind: 'help', name: '就医求助', nameEn: 'Medical help', sla: { unit: 'working_hours', amount: 4 } },
  { code: 'TC-SUGGEST', kind: 'suggestion', name: '防控工作建议', nameEn: 'Suggestions on the work' },
];

/**
 * Demo routing rules (region 德阳市 510600 and 旌阳区 510603) onto the demo staff's departments
 * (identity's DEMO_STAFF: a department needs an active officer of a handling role).
 */
export const DEMO_ROUTING: { category: string | null; kind?: TicketKind; regionCode: string; department: string; priority?: number }[] = [
  { category: 'TC-EPI-CONTROL', regionCode: '510603', department: '旌阳区疫情防控指挥部' },
  { category: 'TC-EPI-CONTROL', regionCode: '510600', department: '德阳市卫生健康委员会' },
  { category: 'TC-EPI-GATHER', regionCode: '510600', department: '德阳市公安局' },
  { category: 'TC-TESTING', regionCode: '510600', department: '德阳市卫生健康委员会' },
  { category: 'TC-HELP-MEDICAL', regionCode: '510600', department: '德阳市卫生健康委员会' },
  { category: 'TC-HELP-LIVING', regionCode: '510603', department: '旌阳区疫情防控指挥部' },
  { category: null, kind: 'consultation', regionCode: '510600', department: '德阳市政务服务中心', priority: 200 },
];

/**
 * Seeds the demo categories and routing rules. Idempotent: a category whose code exists is kept as
 * it is (an administrator may have edited it), and the rules are written only when none exist yet.
 */
export const TicketsDemoSeed = defineSeedStep({
  name: 'tickets.demo-categories',
  order: 60,
  async run({ tx }) {
    const ids = new Map<string, string>();
    for (const [i, c] of DEMO_CATEGORIES.entries()) {
      await tx
        .insert(ticketCategories)
        .values({ code: c.code, parentId: c.parent ? ids.get(c.parent)! : null, kind: c.kind, name: c.name, nameEn: c.nameEn, description: c.description ?? null, sortOrder: i, fields: c.fields ?? [], slaUnit: c.sla?.unit ?? null, slaAmount: c.sla?.amount ?? null })
        .onConflictDoNothing({ target: ticketCategories.code });
      const [row] = await tx.select({ id: ticketCategories.id }).from(ticketCategories).where(sql`${ticketCategories.code} = ${c.code}`);
      ids.set(c.code, row.id);
    }
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(ticketRoutingRules);
    if (Number(n) > 0) return;
    await tx.insert(ticketRoutingRules).values(
      DEMO_ROUTING.map((r, position) => ({ categoryId: r.category ? ids.get(r.category)! : null, kind: r.kind ?? null, regionCode: r.regionCode, department: r.department, priority: r.priority ?? 100, position })),
    );
  },
});
