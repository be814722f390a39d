/** The tickets console's management screens: monthly KPIs, hotline filing, the category tree and the routing rules. */
import { queryOptions } from '@tanstack/react-query';
import type { TicketKind, TicketKpi as Kpi } from '@fangxian/contracts/tickets';
import { api } from '../../shared/api/client.ts';
import { ticketKeys } from './tickets.api.ts';

const id = encodeURIComponent;

/** The KPI types are the server's (packages/contracts): defined once. */
export type { TicketDepartmentKpi as DepartmentKpi, TicketKpi as Kpi } from '@fangxian/contracts/tickets';

export const FIELD_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type FieldDatatype = (typeof FIELD_DATATYPES)[number];

export interface CategoryField {
  code: string;
  label: string;
  datatype: FieldDatatype;
  required: boolean;
  order: number;
  description?: string;
  values?: { key: string; name: string }[];
}

export interface Category {
  id: string;
  code: string;
  parentId: string | null;
  kind: TicketKind;
  name: string;
  nameEn: string | null;
  description: string | null;
  sortOrder: number;
  active: boolean;
  fields: CategoryField[];
  /** The category's own time limit (its subtree inherits it); null: the parent's, else the kind's. */
  slaUnit: 'working_days' | 'working_hours' | null;
  slaAmount: number | null;
  updatedAt: string;
}

export type CategoryBody = Omit<Category, 'id' | 'updatedAt'>;

export interface RoutingRule {
  categoryId?: string | null;
  kind?: TicketKind | null;
  regionCode: string;
  department: string;
  priority?: number;
}
export interface StoredRule { id: string; categoryId: string | null; kind: TicketKind | null; regionCode: string; department: string; priority: number }

export interface DryRun {
  tickets: { id: string; number: string; kind: string; categoryId: string | null; regionCode: string; department: string | null; current: string | null; proposed: string | null }[];
  changed: number;
  unrouted: number;
}

export interface HotlineBody {
  kind: TicketKind;
  title: string;
  description: string;
  regionCode: string;
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  categoryId?: string | null;
  attributes?: Record<string, string | number | string[]>;
}

export const kpiQuery = (month: string) =>
  queryOptions({
    queryKey: [...ticketKeys.all, 'kpi', month],
    queryFn: ({ signal }) => api.get<Kpi>(`/api/tickets/kpi?month=${id(month)}`, { signal }),
  });

export const allCategoriesQuery = () =>
  queryOptions({ queryKey: [...ticketKeys.all, 'categories', 'all'], queryFn: ({ signal }) => api.get<Category[]>('/api/tickets/categories/all', { signal }) });

export const activeCategoriesQuery = () =>
  queryOptions({ queryKey: [...ticketKeys.all, 'categories', 'active'], queryFn: ({ signal }) => api.get<Category[]>('/api/tickets/categories', { signal }) });

export const routingRulesQuery = () =>
  queryOptions({ queryKey: [...ticketKeys.all, 'routing-rules'], queryFn: ({ signal }) => api.get<StoredRule[]>('/api/tickets/routing-rules', { signal }) });

export const ticketsAdminApi = {
  kpiXlsxUrl: (month: string) => `/api/tickets/kpi.xlsx?month=${id(month)}`,
  fileHotline: (body: HotlineBody) => api.post<{ id: string; number: string; status: string; dueAt: string }>('/api/tickets/hotline', body),
  createCategory: (body: CategoryBody) => api.post<Category>('/api/tickets/categories', body),
  updateCategory: (categoryId: string, body: CategoryBody) => api.put<Category>(`/api/tickets/categories/${id(categoryId)}`, body),
  replaceRules: (rules: RoutingRule[]) => api.put<StoredRule[]>('/api/tickets/routing-rules', { rules }),
  dryRun: (rules: RoutingRule[]) => api.post<DryRun>('/api/tickets/routing-rules/dry-run', { rules }),
};

/** Category ids with their path of names (父类 / 子类), for selects. */
export function categoryOptions(categories: Category[], kind?: TicketKind): { value: string; label: string }[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const path = (c: Category): string => {
    const names = [c.name];
    let p = c.parentId ? byId.get(c.parentId) : undefined;
    for (let depth = 0; p && depth < 20; depth++, p = p.parentId ? byId.get(p.parentId) : undefined) names.unshift(p.name);
    return names.join(' / ');
  };
  return categories.filter((c) => !kind || c.kind === kind).map((c) => ({ value: c.id, label: path(c) })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
}
