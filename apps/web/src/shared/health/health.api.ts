/**
 * Calls of the issue-3 API: the citizen's code and declarations, door verification, venues and
 * scans, and the officers' registries and rule sets. Every path is the server's; nothing is faked.
 */
import { api, toQuery } from '../api/client.ts';
import type {
  Correction, DisputableFact, DryRunJob, DynamicCode, EntryPage, HealthDeclarationInput, MyCode, Override, PersonStatusEntry,
  Poster, Retention, Purge, RiskArea, RiskLevel, RuleSetSummary, Rule, TripDeclarationInput, Venue, VenueDay, VenueInput, VenueStatus,
  VenueTypeInfo, VerifyAnswer, Colour, PersonStatusName, PendingConfirmation, ScanFlag, TrustedIssuer, NewTrustedIssuer, MyScan,
} from './health.types.ts';

const id = encodeURIComponent;

/** The citizen's own health code, declarations and corrections. */
export const myHealthApi = {
  code: () => api.get<MyCode>('/api/health/code'),
  refresh: () => api.post<MyCode>('/api/health/code/refresh'),
  declare: (input: HealthDeclarationInput) => api.post<unknown>('/api/health/declarations', input),
  declareTrips: (input: TripDeclarationInput) => api.post<unknown>('/api/health/trips', input),
  facts: () => api.get<DisputableFact[]>('/api/health/facts'),
  corrections: () => api.get<Correction[]>('/api/health/corrections'),
  requestCorrection: (input: { factType: string; factId: string; reason: string }) => api.post<Correction>('/api/health/corrections', input),
};

/** Place codes from the citizen's side. */
export const scanApi = {
  scan: (placeToken: string, position?: { latitude: number; longitude: number }) => api.post<EntryPage>('/api/scans', { placeToken, ...position }),
  mine: (days: number) => api.get<MyScan[]>(`/api/scans/mine?days=${days}`),
};

/** The venue portal: verification at the door, the day's scans, place codes. */
export const venuePortalApi = {
  verify: (token: string, venueId?: string | null) => api.post<VerifyAnswer>('/api/health/verify', { token, ...(venueId ? { venueId } : {}) }),
  mine: () => api.get<Venue>('/api/venues/mine'),
  day: (venueId: string, date?: string) => api.get<VenueDay>(`/api/venues/${id(venueId)}/scans${toQuery({ date, limit: 500 })}`),
  poster: (venueId: string) => api.get<Poster>(`/api/venues/${id(venueId)}/place-code`),
  rotatePoster: (venueId: string) => api.post<Poster>(`/api/venues/${id(venueId)}/place-code/rotate`),
  dynamicCode: (venueId: string) => api.get<DynamicCode>(`/api/venues/${id(venueId)}/dynamic-code`),
  manualScan: (venueId: string, input: { phone?: string; documentNumber?: string }) => api.post<EntryPage>(`/api/venues/${id(venueId)}/scans/manual`, input),
  posterPngUrl: (venueId: string) => `/api/venues/${id(venueId)}/poster.png`,
  posterPdfUrl: (venueId: string) => `/api/venues/${id(venueId)}/poster.pdf`,
};

/** Venue registration and review. */
export const venuesApi = {
  types: () => api.get<VenueTypeInfo[]>('/api/venues/types'),
  register: (input: VenueInput) => api.post<Venue>('/api/venues', input),
  myApplications: () => api.get<Venue[]>('/api/venues/applications'),
  list: (query: { status?: VenueStatus; q?: string; cursor?: string }) => api.get<{ items: Venue[]; nextCursor: string | null }>(`/api/venues${toQuery({ ...query, limit: 50 })}`),
  decide: (venueId: string, decision: 'approved' | 'rejected', note?: string) => api.post<Venue>(`/api/venues/${id(venueId)}/decision`, { decision, ...(note ? { note } : {}) }),
  flags: (days: number) => api.get<ScanFlag[]>(`/api/venues/flags${toQuery({ days, limit: 500 })}`),
  retention: () => api.get<Retention>('/api/admin/retention'),
  purgeNow: () => api.post<Purge>('/api/admin/retention/purge'),
};

/** The epidemic registries (risk areas, person statuses). */
export const epidemicApi = {
  riskAreas: (all: boolean) => api.get<RiskArea[]>(`/api/epidemic/risk-areas${toQuery({ all: all ? 'true' : undefined })}`),
  addRiskArea: (input: { divisionCode: string; level: RiskLevel; startDate: string; endDate?: string | null; reason: string }) => api.post<RiskArea>('/api/epidemic/risk-areas', input),
  endRiskArea: (areaId: string, endDate: string) => api.patch<RiskArea>(`/api/epidemic/risk-areas/${id(areaId)}`, { endDate }),
  removeRiskArea: (areaId: string) => api.delete<void>(`/api/epidemic/risk-areas/${id(areaId)}`),
  personStatuses: () => api.get<PersonStatusEntry[]>('/api/epidemic/person-statuses?limit=100'),
  recordPersonStatus: (input: { documentType: string; documentNumber: string; status: PersonStatusName; date: string; source: string; regionCode: string }) =>
    api.post<PersonStatusEntry>('/api/epidemic/person-statuses', input),
  voidPersonStatus: (entryId: string, reason: string) => api.post<void>(`/api/epidemic/person-statuses/${id(entryId)}/void`, { reason }),
};

/** Officers' health-code work: rule sets, overrides, corrections review. */
export const healthOfficeApi = {
  ruleSets: () => api.get<RuleSetSummary[]>('/api/health/rule-sets'),
  draftRuleSet: (rules: Rule[], note: string) => api.post<RuleSetSummary>('/api/health/rule-sets', { rules, note }),
  /** Starts a dry run as a background job (202 with the job); follow it with dryRunJob or the job's SSE stream. */
  startDryRun: (version: number) => api.post<DryRunJob>(`/api/health/rule-sets/${version}/dry-run`),
  dryRunJob: (jobId: string) => api.get<DryRunJob>(`/api/health/rule-sets/dry-runs/${id(jobId)}`),
  publish: (version: number) => api.post<RuleSetSummary>(`/api/health/rule-sets/${version}/publish`),
  rollback: () => api.post<RuleSetSummary>('/api/health/rule-sets/rollback'),
  overrides: (status?: Override['status']) => api.get<Override[]>(`/api/health/overrides${toQuery({ status })}`),
  proposeOverride: (input: { documentType: string; documentNumber: string; colour: Colour; reason: string; expiresAt: string }) => api.post<Override>('/api/health/overrides', input),
  decideOverride: (overrideId: string, decision: 'approve' | 'reject', note?: string) =>
    api.post<Override>(`/api/health/overrides/${id(overrideId)}/decision`, { decision, ...(note ? { note } : {}) }),
  confirmations: () => api.get<PendingConfirmation[]>('/api/health/confirmations'),
  confirmRelease: (citizenId: string, note: string) => api.post<{ colour: Colour }>(`/api/health/codes/${id(citizenId)}/confirm`, { note }),
  trustedIssuers: () => api.get<TrustedIssuer[]>('/api/admin/health-code/trusted-issuers'),
  trustIssuer: (input: NewTrustedIssuer) => api.post<TrustedIssuer>('/api/admin/health-code/trusted-issuers', input),
  distrustIssuer: (issuerId: string) => api.delete<void>(`/api/admin/health-code/trusted-issuers/${id(issuerId)}`),
  corrections: (status?: Correction['status']) => api.get<Correction[]>(`/api/health/corrections/review${toQuery({ status })}`),
  decideCorrection: (correctionId: string, decision: 'accept' | 'reject', note: string) =>
    api.post<Correction>(`/api/health/corrections/${id(correctionId)}/decision`, { decision, note }),
};

