/** Officers' health-code work as the console reads and changes it: overrides, correction reviews, release confirmations, trusted issuers. */
import { queryOptions } from '@tanstack/react-query';
import type { Colour } from '@fangxian/contracts/kernel/colour';
import { api, toQuery } from '../../shared/api/client.ts';
import type { IssuerProposal } from '@fangxian/contracts/health-code';
import type { Correction, NewTrustedIssuer, Override, PendingConfirmation, TrustedIssuer } from '../../shared/health/health.types.ts';

const id = encodeURIComponent;

/** Query keys (prefixes) of the officers' health-code lists. */
export const healthCodeKeys = {
  overrides: ['health-code', 'overrides'] as const,
  corrections: ['health-code', 'corrections'] as const,
  confirmations: ['health-code', 'confirmations'] as const,
  issuers: ['health-code', 'trusted-issuers'] as const,
  issuerProposals: ['health-code', 'trusted-issuer-proposals'] as const,
};

/** Manual overrides in the officer's region, of one status or all. */
export function overridesQuery(status?: Override['status']) {
  return queryOptions({
    queryKey: [...healthCodeKeys.overrides, status ?? 'all'],
    queryFn: ({ signal }) => api.get<Override[]>(`/api/health/overrides${toQuery({ status })}`, { signal }),
  });
}

/** Citizens' correction requests in the officer's region, of one status. */
export function correctionsQuery(status: Correction['status']) {
  return queryOptions({
    queryKey: [...healthCodeKeys.corrections, status],
    queryFn: ({ signal }) => api.get<Correction[]>(`/api/health/corrections/review${toQuery({ status })}`, { signal }),
  });
}

/** Codes waiting for the command post to confirm red → green. */
export function confirmationsQuery() {
  return queryOptions({
    queryKey: healthCodeKeys.confirmations,
    queryFn: ({ signal }) => api.get<PendingConfirmation[]>('/api/health/confirmations', { signal }),
  });
}

/** Other regions' issuers whose codes verify here. */
export function trustedIssuersQuery() {
  return queryOptions({
    queryKey: healthCodeKeys.issuers,
    queryFn: ({ signal }) => api.get<TrustedIssuer[]>('/api/admin/health-code/trusted-issuers', { signal }),
  });
}

/** Trust proposals (maker-checker) in the officer's region, newest first. */
export function issuerProposalsQuery() {
  return queryOptions({
    queryKey: healthCodeKeys.issuerProposals,
    queryFn: ({ signal }) => api.get<IssuerProposal[]>('/api/admin/health-code/trusted-issuers/proposals', { signal }),
  });
}

export interface OverrideProposal {
  documentType: string;
  documentNumber: string;
  colour: Colour;
  reason: string;
  expiresAt: string;
}

/** Changes officers make. */
export const healthCodeApi = {
  proposeOverride: (input: OverrideProposal) => api.post<Override>('/api/health/overrides', input),
  proposeOverrideAgain: (overrideId: string, expiresAt: string, reason?: string) =>
    api.post<Override>(`/api/health/overrides/${id(overrideId)}/again`, reason === undefined ? { expiresAt } : { expiresAt, reason }),
  decideOverride: (overrideId: string, decision: 'approve' | 'reject', note?: string) =>
    api.post<Override>(`/api/health/overrides/${id(overrideId)}/decision`, { decision, ...(note ? { note } : {}) }),
  decideCorrection: (correctionId: string, decision: 'accept' | 'reject', note: string) =>
    api.post<Correction>(`/api/health/corrections/${id(correctionId)}/decision`, { decision, note }),
  confirmRelease: (citizenId: string, note: string) => api.post<{ colour: Colour }>(`/api/health/codes/${id(citizenId)}/confirm`, { note }),
  trustIssuer: (input: NewTrustedIssuer) => api.post<IssuerProposal>('/api/admin/health-code/trusted-issuers', input),
  decideIssuer: (proposalId: string, decision: 'approve' | 'reject', note?: string) =>
    api.post<IssuerProposal>(`/api/admin/health-code/trusted-issuers/proposals/${id(proposalId)}/decision`, { decision, ...(note ? { note } : {}) }),
  distrustIssuer: (issuerId: string) => api.delete<void>(`/api/admin/health-code/trusted-issuers/${id(issuerId)}`),
};
