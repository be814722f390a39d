/** The audit trail as the console searches and checks it. */
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, toQuery } from '../../shared/api/client.ts';

/** One audit record as GET /api/admin/audit returns it. */
export interface AuditRecord {
  seq: number;
  at: string;
  actorType: string;
  actorId: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  regionCode: string | null;
  outcome: string;
  detail: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
  hash: string;
}
export interface AuditFilters {
  actorId?: string;
  subjectType?: string;
  subjectId?: string;
  action?: string;
  from?: string;
  to?: string;
}
export interface AuditVerdict {
  ok: boolean;
  checked: number;
  brokenAt?: { seq: number; reason: 'hash_mismatch' | 'link_mismatch' };
}

/** Query keys (prefixes) of the audit page. */
export const auditKeys = {
  search: ['audit', 'search'] as const,
};

/** The records matching `filters`, newest first, a page at a time. */
export function auditSearchQuery(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: [...auditKeys.search, filters],
    queryFn: ({ signal, pageParam }) => api.get<{ items: AuditRecord[]; nextCursor: string | null }>(`/api/admin/audit${toQuery({ ...filters, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Checks the whole hash chain. */
export function verifyAuditChain(): Promise<AuditVerdict> {
  return api.post<AuditVerdict>('/api/admin/audit/verify');
}
