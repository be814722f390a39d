/**
 * 工作台 worklist counts: for the shortcuts that lead to a worklist, how many items wait there
 * (pending approvals, open reviews, unread messages…), read from the same list endpoints the pages use.
 * Only the shortcuts a role may open are counted (the dashboard asks for nothing else), so each role's
 * workbench shows its own work. Until real dashboards exist, this is the "numbers" of the workbench.
 */
import type { QueryFunctionContext } from '@tanstack/react-query';
import { api } from '../shared/api/client.ts';

type Count = (context: QueryFunctionContext) => Promise<number>;

const length = (url: string): Count => async ({ signal }) => (await api.get<unknown[]>(url, { signal })).length;

/** Console path (as in nav.tsx) → how to count what waits there. */
export const WORKLIST_COUNTS: Record<string, Count> = {
  '/overrides': length('/api/health/overrides?status=proposed'),
  '/corrections': length('/api/health/corrections/review?status=pending'),
  '/confirmations': length('/api/health/confirmations'),
  '/rule-sets': async ({ signal }) => (await api.get<{ status: string }[]>('/api/health/rule-set-proposals', { signal })).filter((p) => p.status === 'proposed').length,
  '/venues': async ({ signal }) => (await api.get<{ items: unknown[] }>('/api/venues?status=pending&limit=100', { signal })).items.length,
  '/screening/reviews': length('/api/screening/reviews?status=open'),
  '/tickets': async ({ signal }) => (await api.get<{ total: number }>('/api/tickets/worklist?limit=1&offset=0', { signal })).total,
  '/govservice/workbench': async ({ signal }) => (await api.get<{ items: unknown[] }>('/api/govservice/workbench?view=window', { signal })).items.length,
  '/inbox': async ({ signal }) => (await api.get<{ unread: number }>('/api/notifications?limit=1', { signal })).unread,
};
