/** The console's system administration as it reads and changes it: staff accounts, open-API clients, the SMS outbox. */
import { queryOptions } from '@tanstack/react-query';
import { api, toQuery } from '../../shared/api/client.ts';
import type { CommitmentSignature, CommitmentTextProposal, CommitmentTexts, ProposeCommitmentTextRequest, StaffVenueOption } from '@fangxian/contracts/identity';
import type { ApiClient, CreatedApiClient, SmsOutboxEntry, StaffAccount, StaffRole } from '../../shared/api/types.ts';

const id = encodeURIComponent;

/** Query keys (prefixes) of the administration pages. */
export const systemKeys = {
  staff: ['system', 'staff'] as const,
  apiClients: ['system', 'api-clients'] as const,
  outbox: ['system', 'sms-outbox'] as const,
  venueOptions: ['system', 'venue-options'] as const,
  commitments: ['system', 'commitments'] as const,
  commitmentTexts: ['system', 'commitment-texts'] as const,
};

/** The current commitment text and the proposed new versions. */
export function commitmentTextsQuery() {
  return queryOptions({ queryKey: systemKeys.commitmentTexts, queryFn: ({ signal }) => api.get<CommitmentTexts>('/api/admin/commitment-texts', { signal }) });
}

/** Proposing and deciding new commitment texts (maker-checker). */
export const commitmentTextsApi = {
  propose: (input: ProposeCommitmentTextRequest) => api.post<CommitmentTextProposal>('/api/admin/commitment-texts', input),
  decide: (proposalId: string, decision: 'approve' | 'reject', note?: string) =>
    api.post<CommitmentTextProposal>(`/api/admin/commitment-texts/${id(proposalId)}/decision`, { decision, ...(note ? { note } : {}) }),
};

/** Signatures of the confidentiality commitment in the administrator's region, newest first. */
export function commitmentsQuery() {
  return queryOptions({
    queryKey: systemKeys.commitments,
    queryFn: ({ signal }) => api.get<CommitmentSignature[]>('/api/admin/commitments', { signal }),
  });
}

export interface NewStaff {
  username: string;
  password: string;
  displayName: string;
  department: string;
  roles: StaffRole[];
  regionCode: string;
  venueId?: string | null;
}
export type StaffChanges = Partial<Pick<StaffAccount, 'displayName' | 'department' | 'roles' | 'regionCode' | 'disabled'>> & { passwordResetRequired?: boolean };

/** Staff accounts in the administrator's region. */
export function staffQuery() {
  return queryOptions({ queryKey: systemKeys.staff, queryFn: ({ signal }) => api.get<StaffAccount[]>('/api/admin/staff', { signal }) });
}

/** Approved venues in the administrator's region whose name contains `q`, for the venue-staff picker. */
export function venueOptionsQuery(q: string) {
  return queryOptions({
    queryKey: [...systemKeys.venueOptions, q],
    queryFn: ({ signal }) => api.get<StaffVenueOption[]>(`/api/admin/staff/venue-options${toQuery({ q: q || undefined })}`, { signal }),
    staleTime: 30_000,
  });
}

/** Open-API clients. */
export function apiClientsQuery() {
  return queryOptions({ queryKey: systemKeys.apiClients, queryFn: ({ signal }) => api.get<ApiClient[]>('/api/admin/api-clients', { signal }) });
}

/** The built-in SMS outbox, newest first, optionally of one phone number. */
export function outboxQuery(phone: string) {
  return queryOptions({
    queryKey: [...systemKeys.outbox, phone],
    queryFn: ({ signal }) => api.get<SmsOutboxEntry[]>(`/api/admin/sms-outbox${toQuery({ phone: phone || undefined, limit: 100 })}`, { signal }),
  });
}

/** Changes to staff accounts. */
export const staffApi = {
  create: (input: NewStaff) => api.post<StaffAccount>('/api/admin/staff', input),
  update: (staffId: string, changes: StaffChanges) => api.patch<StaffAccount>(`/api/admin/staff/${id(staffId)}`, changes),
  revokeSessions: (staffId: string) => api.post<unknown>(`/api/admin/staff/${id(staffId)}/revoke-sessions`),
  resetPassword: (staffId: string, password: string) => api.post<unknown>(`/api/admin/staff/${id(staffId)}/password`, { password }),
};

/** Changes to open-API clients. */
export const apiClientsApi = {
  /** `regionCode`: the key's region, within the creator's (omitted: the creator's own). */
  create: (name: string, permissions: string[], regionCode?: string) =>
    api.post<CreatedApiClient>('/api/admin/api-clients', { name, permissions, ...(regionCode ? { regionCode } : {}) }),
  revoke: (clientId: string) => api.delete<unknown>(`/api/admin/api-clients/${id(clientId)}`),
};
