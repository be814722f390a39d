/** Case files, itineraries and contacts as the console reads and changes them: query keys, reads, changes. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { CaseEditInput, LabResultInput, ChainGraph, Cluster, LabImportResult, LabResult, TracingSettings, SelfReport, CaseContact, CaseContactEntry, CaseFile, CaseImportResult, CaseStatus, CaseSummary, ContactCandidate, DailyFollowUpList, FollowUpEntry, ItineraryPoint, PublicationProposal, TripMode } from '@fangxian/contracts/tracing';
import { api } from '../../shared/api/client.ts';

const id = encodeURIComponent;

/** Query keys (prefixes) of tracing. */
export const tracingKeys = {
  cases: ['tracing', 'cases'] as const,
  file: (caseId: string) => ['tracing', 'cases', caseId] as const,
  candidates: (caseId: string) => ['tracing', 'cases', caseId, 'candidates'] as const,
  proposals: ['tracing', 'publication-proposals'] as const,
  followUps: ['tracing', 'follow-ups'] as const,
  clusters: ['tracing', 'clusters'] as const,
  chains: ['tracing', 'chains'] as const,
  labs: ['tracing', 'lab-results'] as const,
  secondDegree: (caseId: string) => ['tracing', 'cases', caseId, 'second-degree'] as const,
  selfReports: ['tracing', 'self-reports'] as const,
  settings: ['tracing', 'settings'] as const,
};

/** A second-degree candidate (次密接): co-present with a confirmed contact of the case after their exposure. */
export interface SecondDegreeCandidate {
  degree: 2;
  citizenId: string;
  name: string;
  phone: string;
  documentNumber: string;
  householdDivision: string | null;
  totalOverlapMinutes: number;
  lastExposureAt: string;
  exposures: {
    viaContactId: string;
    viaCitizenId: string;
    viaName: string;
    venueId: string;
    venueName: string;
    contactFrom: string;
    contactTo: string;
    scannedAt: string;
    assumedStayMinutes: number;
    overlapMinutes: number;
    explanation: { zh: string; en: string };
  }[];
}

/** A case's contacts with names (masked), degree, who decided and the follow-up state (audited); refreshed with the case file (its key is under the file's). */
export function caseContactsQuery(caseId: string) {
  return queryOptions({ queryKey: [...tracingKeys.file(caseId), 'contacts'], queryFn: ({ signal }) => api.get<CaseContactEntry[]>(`/api/tracing/cases/${id(caseId)}/contacts`, { signal }) });
}

/** A page of a ranked candidate list: the page's people, how many there are in all, the next page's cursor. */
export interface CandidatePage<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** People on one page of a candidate list: the server's default (the ranking and the count are over the whole list). */
export const CANDIDATE_PAGE_SIZE = 50;

/** A ranked candidate list read a page at a time (更多 asks for the next one). */
function candidatePages<T>(queryKey: readonly unknown[], path: string, enabled = true) {
  return infiniteQueryOptions({
    queryKey,
    enabled,
    queryFn: ({ signal, pageParam }) => api.get<CandidatePage<T>>(`${path}?limit=${CANDIDATE_PAGE_SIZE}${pageParam ? `&cursor=${pageParam}` : ''}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Second degree on request: the query runs only when the officer asks (enabled), a page at a time. */
export function secondDegreeQuery(caseId: string, enabled: boolean) {
  return candidatePages<SecondDegreeCandidate>(tracingKeys.secondDegree(caseId), `/api/tracing/cases/${id(caseId)}/contact-candidates/second-degree`, enabled);
}

/** Citizens' reports of self-check matches for cases of the officer's region (masked; audited). */
export function selfReportsQuery(status?: 'new' | 'confirmed' | 'dismissed') {
  return queryOptions({ queryKey: [...tracingKeys.selfReports, status ?? ''], queryFn: ({ signal }) => api.get<SelfReport[]>(`/api/tracing/self-reports${status ? `?status=${status}` : ''}`, { signal }) });
}

export { fileBase64, type BatchCheckResult, type BatchVerdict } from '../../shared/tracing/batch-check.ts';

export function clustersQuery() {
  return queryOptions({ queryKey: tracingKeys.clusters, queryFn: ({ signal }) => api.get<Cluster[]>('/api/tracing/clusters', { signal }) });
}

export function chainsQuery(clusterId?: string) {
  return queryOptions({ queryKey: [...tracingKeys.chains, clusterId ?? ''], queryFn: ({ signal }) => api.get<ChainGraph>(`/api/tracing/chains${clusterId ? `?clusterId=${id(clusterId)}` : ''}`, { signal }) });
}

export function labResultsQuery() {
  return queryOptions({ queryKey: tracingKeys.labs, queryFn: ({ signal }) => api.get<LabResult[]>('/api/tracing/lab-results', { signal }) });
}

/** A lab result as entered (the contracts' LabResultInput, as the server reads it). */
export type NewLabResult = LabResultInput;

/** A team's daily follow-up list (the officer's region, or one county of it). */
export function followUpsQuery(day: string, divisionCode?: string) {
  const query = new URLSearchParams({ day, ...(divisionCode ? { divisionCode } : {}) });
  return queryOptions({ queryKey: [...tracingKeys.followUps, day, divisionCode ?? ''], queryFn: ({ signal }) => api.get<DailyFollowUpList>(`/api/tracing/follow-ups?${query}`, { signal }) });
}

export interface FollowUpInput {
  day: string;
  reached: boolean;
  symptoms: string[];
  temperature: number | null;
  testTaken: boolean;
  note?: string;
}

/** Itinerary publication proposals in the officer's region (maker-checker). */
export function publicationProposalsQuery() {
  return queryOptions({ queryKey: tracingKeys.proposals, queryFn: ({ signal }) => api.get<PublicationProposal[]>('/api/tracing/publication-proposals', { signal }) });
}

/** The cases of the officer's region, newest first (masked; the read is audited). */
export function casesQuery() {
  return queryOptions({ queryKey: tracingKeys.cases, queryFn: ({ signal }) => api.get<CaseSummary[]>('/api/tracing/cases?limit=200', { signal }) });
}

/** One case file: history, itinerary, contact decisions. */
export function caseFileQuery(caseId: string) {
  return queryOptions({ queryKey: tracingKeys.file(caseId), queryFn: ({ signal }) => api.get<CaseFile>(`/api/tracing/cases/${id(caseId)}`, { signal }) });
}

/** People co-present with the case, ranked by overlap, a page at a time. */
export function candidatesQuery(caseId: string) {
  return candidatePages<ContactCandidate>(tracingKeys.candidates(caseId), `/api/tracing/cases/${id(caseId)}/contact-candidates`);
}

export interface NewCase {
  status: 'suspected' | 'asymptomatic' | 'confirmed';
  documentType: string;
  documentNumber: string;
  name: string;
  onsetDate?: string | null;
  reportDate: string;
  source: string;
  regionCode: string;
  notes?: string;
}

export interface NewPoint {
  kind: 'stay' | 'trip';
  from: string;
  to: string;
  venueId?: string;
  placeName?: string;
  divisionCode?: string;
  mode?: TripMode;
  number?: string;
  carriage?: string;
  seat?: string;
  note?: string;
}

/** An edit of a case's facts (订正): only the fields changed, with the reason. */
export type CaseEdit = CaseEditInput;

/** The tracing settings (window per case status, stay per venue type); every tracing officer reads them. */
export function tracingSettingsQuery() {
  return queryOptions({ queryKey: tracingKeys.settings, queryFn: ({ signal }) => api.get<TracingSettings>('/api/tracing/settings', { signal }) });
}

/** Changes to case files. */
export const tracingApi = {
  register: (input: NewCase) => api.post<CaseSummary>('/api/tracing/cases', input),
  editCase: (caseId: string, input: CaseEdit) => api.patch<CaseSummary>(`/api/tracing/cases/${id(caseId)}`, input),
  setWindow: (caseStatus: string, daysBefore: number, reason: string) => api.put<TracingSettings>(`/api/tracing/settings/windows/${id(caseStatus)}`, { daysBefore, reason }),
  setStay: (venueType: string, minutes: number | null, reason: string) => api.put<TracingSettings>(`/api/tracing/settings/stays/${id(venueType)}`, { minutes, reason }),
  importLabs: (format: 'csv' | 'xlsx', contentBase64: string) => api.post<LabImportResult>('/api/tracing/lab-results/import', { format, contentBase64 }),
  changeStatus: (caseId: string, status: CaseStatus, reason: string) => api.post<CaseSummary>(`/api/tracing/cases/${id(caseId)}/status`, { status, reason }),
  addPoint: (caseId: string, point: NewPoint) => api.post<ItineraryPoint>(`/api/tracing/cases/${id(caseId)}/itinerary`, point),
  removePoint: (caseId: string, pointId: string) => api.delete<void>(`/api/tracing/cases/${id(caseId)}/itinerary/${id(pointId)}`),
  importScans: (caseId: string) => api.post<ItineraryPoint[]>(`/api/tracing/cases/${id(caseId)}/itinerary/import-scans`, {}),
  publish: (caseId: string) => api.post<PublicationProposal>(`/api/tracing/cases/${id(caseId)}/itinerary/publish`, {}),
  decidePublication: (proposalId: string, decision: 'approve' | 'reject', note?: string) =>
    api.post<PublicationProposal>(`/api/tracing/publication-proposals/${id(proposalId)}/decision`, { decision, ...(note ? { note } : {}) }),
  importCases: (format: 'csv' | 'xlsx', contentBase64: string) =>
    api.post<CaseImportResult>('/api/tracing/cases/import', { format, contentBase64 }),
  createCluster: (name: string, event: string, regionCode: string) => api.post<Cluster>('/api/tracing/clusters', { name, event, regionCode }),
  assignCluster: (caseId: string, clusterId: string | null) => api.post<CaseSummary>(`/api/tracing/cases/${id(caseId)}/cluster`, { clusterId }),
  recordLab: (input: NewLabResult) => api.post<LabResult>('/api/tracing/lab-results', input),
  openCaseFromLab: (labId: string, status: 'suspected' | 'asymptomatic' | 'confirmed', reason: string) => api.post<CaseSummary>(`/api/tracing/lab-results/${id(labId)}/open-case`, { status, reason }),
  recordFollowUp: (contactId: string, input: FollowUpInput) => api.post<FollowUpEntry>(`/api/tracing/contacts/${id(contactId)}/follow-ups`, input),
  handOver: (contactId: string, regionCode: string, reason: string) => api.post<{ id: string; assignedRegion: string }>(`/api/tracing/contacts/${id(contactId)}/hand-over`, { regionCode, reason }),
  escalate: (contactId: string, reason: string, onsetDate?: string) => api.post<CaseSummary>(`/api/tracing/contacts/${id(contactId)}/escalate`, { reason, ...(onsetDate ? { onsetDate } : {}) }),
  decideSecondDegree: (caseId: string, input: { citizenId: string; decision: 'confirmed' | 'dismissed'; level?: 'secondary' | 'general'; reason: string }) =>
    api.post<CaseContact>(`/api/tracing/cases/${id(caseId)}/contacts/second-degree`, input),
  decideReport: (reportId: string, input: { decision: 'confirmed' | 'dismissed'; level?: 'close' | 'secondary' | 'general'; reason: string }) =>
    api.post<{ id: string; status: string; contactId: string | null }>(`/api/tracing/self-reports/${id(reportId)}/decision`, input),
  decide: (caseId: string, input: { citizenId: string; decision: 'confirmed' | 'dismissed'; level?: 'close' | 'secondary' | 'general'; reason: string }) =>
    api.post<CaseContact>(`/api/tracing/cases/${id(caseId)}/contacts`, input),
};
