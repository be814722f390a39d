/** The audit trail as the console searches and checks it. */
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, toQuery } from '../../shared/api/client.ts';

import type { AuditPage, AuditQuery, AuditRecord, AuditVerdict } from '@fangxian/contracts/audit';

export type { AuditRecord, AuditVerdict };
/** The console's search filters: the query of GET /api/admin/audit without paging. */
export type AuditFilters = Omit<AuditQuery, 'cursor' | 'limit'>;

/** Query keys (prefixes) of the audit page. */
export const auditKeys = {
  search: ['audit', 'search'] as const,
};

/** The records matching `filters`, newest first, a page at a time. */
export function auditSearchQuery(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: [...auditKeys.search, filters],
    queryFn: ({ signal, pageParam }) => api.get<AuditPage>(`/api/admin/audit${toQuery({ ...filters, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Checks the whole hash chain. */
export function verifyAuditChain(): Promise<AuditVerdict> {
  return api.post<AuditVerdict>('/api/admin/audit/verify');
}
