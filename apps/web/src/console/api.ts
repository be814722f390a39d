/** Console calls to the admin API (staff, API clients, audit, SMS outbox). */
import { api, toQuery } from '../shared/api/client.ts';
import type { ApiClient, CreatedApiClient, SmsOutboxEntry, StaffAccount, StaffRole } from '../shared/api/types.ts';

export interface NewStaff {
  username: string;
  password: string;
  displayName: string;
  department: string;
  roles: StaffRole[];
  regionCode: string;
  venueId?: string | null;
}
export type StaffChanges = Partial<Pick<StaffAccount, 'displayName' | 'department' | 'roles' | 'regionCode' | 'disabled'>>;

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

export const staffApi = {
  list: () => api.get<StaffAccount[]>('/api/admin/staff'),
  create: (input: NewStaff) => api.post<StaffAccount>('/api/admin/staff', input),
  update: (id: string, changes: StaffChanges) => api.patch<StaffAccount>(`/api/admin/staff/${encodeURIComponent(id)}`, changes),
  revokeSessions: (id: string) => api.post<unknown>(`/api/admin/staff/${encodeURIComponent(id)}/revoke-sessions`),
  resetPassword: (id: string, password: string) => api.post<unknown>(`/api/admin/staff/${encodeURIComponent(id)}/password`, { password }),
};

export const apiClientsApi = {
  list: () => api.get<ApiClient[]>('/api/admin/api-clients'),
  create: (name: string, permissions: string[]) => api.post<CreatedApiClient>('/api/admin/api-clients', { name, permissions }),
  revoke: (id: string) => api.delete<unknown>(`/api/admin/api-clients/${encodeURIComponent(id)}`),
};

export const auditApi = {
  search: (filters: AuditFilters, cursor?: string) =>
    api.get<{ items: AuditRecord[]; nextCursor: string | null }>(`/api/admin/audit${toQuery({ ...filters, cursor })}`),
  verify: () => api.post<AuditVerdict>('/api/admin/audit/verify'),
};

export const outboxApi = {
  list: (phone?: string) => api.get<SmsOutboxEntry[]>(`/api/admin/sms-outbox${toQuery({ phone, limit: 100 })}`),
};
