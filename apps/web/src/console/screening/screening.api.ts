/**
 * The screening database (排查人员基础数据库) as the console reads and changes it: sources, imports and
 * their jobs, persons with their sources, the review queue, source comparison, follow-up tasks.
 * Shapes come from the contracts (types only: no schema code reaches the bundle).
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type {
  FollowUpInput, MatchReview, ScreeningImport, ScreeningPerson, ScreeningPersonDetail, ScreeningSource, ScreeningTask, SourceComparison, SourceInput, SourceKind,
  ScreeningStatus, FollowUp, ScreeningFigures, ScreeningFigure, MappingProposal, DispatchRule, ExportProposal, ExportRequest, PersonalExport,
  ImportPace,
} from '@fangxian/contracts/screening';
import type { JobView } from '@fangxian/contracts/jobs';
import { api, apiRequest, toQuery } from '../../shared/api/client.ts';

export type { ExportProposal, ExportRequest, PersonalExport };
export type { ImportPace };
export type { DispatchRule, MappingProposal, ScreeningFigures, ScreeningFigure, FollowUp, FollowUpInput, MatchReview, ScreeningImport, ScreeningPerson, ScreeningPersonDetail, ScreeningSource, ScreeningTask, SourceComparison, SourceInput, SourceKind, ScreeningStatus, JobView };

export type ScreeningTaskDetail = ScreeningTask & { followUps: FollowUp[] };
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface OnlyInRow {
  person: ScreeningPerson;
  firstReportedByA: string;
}
export interface TaskCount {
  regionCode: string;
  regionName: string | null;
  total: number;
  open: number;
  reached: number;
  quarantined: number;
  overdue: number;
  escalated: number;
  closed: number;
}
export type TaskFilter = { status?: 'open' | 'closed'; overdue?: boolean; escalated?: boolean };

/** Tag colour of each source kind; its keys are every kind the API knows (the compiler checks it). */
export const SOURCE_KIND_COLOUR: Record<SourceKind, string> = { telecom: 'blue', province: 'purple', police: 'geekblue', health: 'green', self_declared: 'gold', other: 'default' };
export const SOURCE_KIND_LIST = Object.keys(SOURCE_KIND_COLOUR) as SourceKind[];
/** Tag colour of each screening status (every status the API knows). */
export const STATUS_COLOUR: Record<ScreeningStatus, string> = { pending: 'default', reached: 'blue', home_quarantine: 'gold', central_quarantine: 'red', released: 'green' };
export const STATUS_LIST = Object.keys(STATUS_COLOUR) as ScreeningStatus[];
/** The fields a source's columns map to (contracts' SCREENING_FIELDS; the locale test checks both lists agree). */
export const SCREENING_FIELD_LIST = ['name', 'idNumber', 'phone', 'residenceDivision', 'householdDivision', 'address', 'origin', 'arrivalDate', 'reportedAt'] as const;

const id = encodeURIComponent;
const PAGE = 50;

/** Query keys (prefixes) of the screening pages. */
export const screeningKeys = {
  all: ['screening'] as const,
  sources: ['screening', 'sources'] as const,
  imports: ['screening', 'imports'] as const,
  import: (importId: string) => ['screening', 'imports', importId] as const,
  job: (jobId: string) => ['screening', 'job', jobId] as const,
  persons: ['screening', 'persons'] as const,
  person: (personId: string) => ['screening', 'persons', 'detail', personId] as const,
  reviews: ['screening', 'reviews'] as const,
  comparison: ['screening', 'comparison'] as const,
  exports: ['screening', 'exports'] as const,
  tasks: ['screening', 'tasks'] as const,
  task: (taskId: string) => ['screening', 'tasks', 'detail', taskId] as const,
  dashboard: ['screening', 'dashboard'] as const,
  figures: (query: FiguresFilter) => ['screening', 'figures', query] as const,
  dispatchRules: ['screening', 'dispatch-rules'] as const,
};

export function sourcesQuery() {
  return queryOptions({ queryKey: screeningKeys.sources, queryFn: ({ signal }) => api.get<ScreeningSource[]>('/api/screening/sources', { signal }) });
}

export function importsQuery() {
  return queryOptions({ queryKey: screeningKeys.imports, queryFn: ({ signal }) => api.get<ScreeningImport[]>('/api/screening/imports?limit=50', { signal }) });
}

export function importQuery(importId: string) {
  return queryOptions({ queryKey: screeningKeys.import(importId), queryFn: ({ signal }) => api.get<ScreeningImport>(`/api/screening/imports/${id(importId)}`, { signal }) });
}

/** The background job of an import (its progress: bytes read of the file; its message: the counters' JSON). */
export function jobQuery(jobId: string) {
  return queryOptions({ queryKey: screeningKeys.job(jobId), queryFn: ({ signal }) => api.get<JobView>(`/api/jobs/${id(jobId)}`, { signal }) });
}

/** Persons of the officer's region, newest first (masked), a page at a time; or found by ID number / phone. */
export function personsQuery(filter: { status?: string; documentNumber?: string; phone?: string }) {
  return infiniteQueryOptions({
    queryKey: [...screeningKeys.persons, 'list', filter],
    queryFn: ({ signal, pageParam }) => api.get<Page<ScreeningPerson>>(`/api/screening/persons${toQuery({ ...filter, cursor: pageParam, limit: PAGE })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function personQuery(personId: string) {
  return queryOptions({ queryKey: screeningKeys.person(personId), queryFn: ({ signal }) => api.get<ScreeningPersonDetail>(`/api/screening/persons/${id(personId)}`, { signal }) });
}

export function reviewsQuery(status: 'open' | 'merged' | 'kept_apart') {
  return queryOptions({ queryKey: [...screeningKeys.reviews, status], queryFn: ({ signal }) => api.get<MatchReview[]>(`/api/screening/reviews${toQuery({ status })}`, { signal }) });
}

export function comparisonQuery(a: string, b: string) {
  return queryOptions({ queryKey: [...screeningKeys.comparison, a, b], queryFn: ({ signal }) => api.get<SourceComparison>(`/api/screening/comparison${toQuery({ a, b })}`, { signal }) });
}

/** Persons reported by A and not by B, a page at a time. */
export function onlyInQuery(a: string, b: string) {
  return infiniteQueryOptions({
    queryKey: [...screeningKeys.comparison, 'only-in', a, b],
    queryFn: ({ signal, pageParam }) => api.get<Page<OnlyInRow>>(`/api/screening/comparison/only-in-a${toQuery({ a, b, cursor: pageParam, limit: PAGE })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

const taskFilterQuery = (f: TaskFilter) => ({ status: f.status, overdue: f.overdue ? 'true' : undefined, escalated: f.escalated ? 'true' : undefined });

/** The tasks of the officer's command post (and those escalated to it), newest first, a page at a time. */
export function tasksQuery(filter: TaskFilter) {
  return infiniteQueryOptions({
    queryKey: [...screeningKeys.tasks, 'list', filter],
    queryFn: ({ signal, pageParam }) => api.get<Page<ScreeningTask>>(`/api/screening/tasks${toQuery({ ...taskFilterQuery(filter), cursor: pageParam, limit: PAGE })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function taskQuery(taskId: string) {
  return queryOptions({ queryKey: screeningKeys.task(taskId), queryFn: ({ signal }) => api.get<ScreeningTaskDetail>(`/api/screening/tasks/${id(taskId)}`, { signal }) });
}

export function dashboardQuery() {
  return queryOptions({ queryKey: screeningKeys.dashboard, queryFn: ({ signal }) => api.get<TaskCount[]>('/api/screening/dashboard', { signal }) });
}

export type FigureGroup = ScreeningFigures['by'];
export type FiguresFilter = { by: FigureGroup; from?: string; to?: string };

/** The county and city dashboard: figures grouped by county, source or day. */
export function figuresQuery(filter: FiguresFilter) {
  return queryOptions({ queryKey: screeningKeys.figures(filter), queryFn: ({ signal }) => api.get<ScreeningFigures>(`/api/screening/figures${toQuery(filter)}`, { signal }) });
}

/** The dispatch rules, in the order they are tried. */
export function dispatchRulesQuery() {
  return queryOptions({ queryKey: screeningKeys.dispatchRules, queryFn: ({ signal }) => api.get<DispatchRule[]>('/api/screening/dispatch-rules', { signal }) });
}

/**
 * Download addresses (GET with the session cookie; the server streams XLSX and audits the export).
 * Exports of personal data are downloaded only as an approved proposal (`exportFile`); the figures are aggregates.
 */
export const screeningDownloads = {
  exportFile: (proposalId: string) => `/api/screening/exports/${id(proposalId)}/file`,
  figures: (filter: FiguresFilter) => `/api/screening/figures.xlsx${toQuery(filter)}`,
};

/** Export proposals of the officer's region: their own (to download once approved) and others' (to approve). */
export function exportProposalsQuery() {
  return queryOptions({ queryKey: screeningKeys.exports, queryFn: ({ signal }) => api.get<ExportProposal[]>('/api/screening/exports', { signal }) });
}

/** What an export proposal asks for, without the reason (the button knows it; the officer gives the reason). */
export type ExportAsk = Omit<ExportRequest, 'reason'>;

/** Changes to the screening database. */
export const screeningApi = {
  createSource: (input: SourceInput) => api.post<ScreeningSource>('/api/screening/sources', input),
  changeSource: (sourceId: string, patch: Partial<SourceInput>) => api.patch<ScreeningSource>(`/api/screening/sources/${id(sourceId)}`, patch),
  /** Uploads a list (multipart, field "file") into a source; answers the import (202) with its jobId. */
  upload: (sourceId: string, file: File, pace: ImportPace = 'paced') => {
    const form = new FormData();
    form.append('file', file, file.name);
    return apiRequest<ScreeningImport>('POST', `/api/screening/imports${toQuery({ sourceId, pace })}`, form);
  },
  /** Proposes a column mapping from a sample list's first rows (nothing is kept). */
  proposeMapping: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return apiRequest<MappingProposal>('POST', '/api/screening/mapping-proposal', form);
  },
  replaceDispatchRules: (rules: DispatchRule[]) => api.put<DispatchRule[]>('/api/screening/dispatch-rules', rules),
  proposeExport: (ask: ExportAsk, reason: string) => api.post<ExportProposal>('/api/screening/exports', { ...ask, reason }),
  decideExport: (proposalId: string, decision: 'approve' | 'reject', note?: string) =>
    api.post<ExportProposal>(`/api/screening/exports/${id(proposalId)}/decision`, { decision, ...(note ? { note } : {}) }),
  cancelImport: (importId: string) => api.post<ScreeningImport>(`/api/screening/imports/${id(importId)}/cancel`),
  decideReview: (reviewId: string, decision: 'merge' | 'keep_apart') => api.post<MatchReview>(`/api/screening/reviews/${id(reviewId)}/decision`, { decision }),
  undoMerge: (mergeId: string, reason: string) => api.post(`/api/screening/merges/${id(mergeId)}/undo`, { reason }),
  followUp: (taskId: string, input: FollowUpInput) => api.post<ScreeningTask>(`/api/screening/tasks/${id(taskId)}/follow-ups`, input),
  close: (taskId: string) => api.post<ScreeningTask>(`/api/screening/tasks/${id(taskId)}/close`),
  reopen: (taskId: string, reason: string) => api.post<ScreeningTask>(`/api/screening/tasks/${id(taskId)}/reopen`, { reason }),
  reassign: (taskId: string, regionCode: string, reason: string) => api.post<ScreeningTask>(`/api/screening/tasks/${id(taskId)}/reassign`, { regionCode, reason }),
};

/** The counters an import job's progress message carries (its JSON), or null. */
export function countersOf(job: JobView | undefined): ScreeningImport['counters'] | null {
  const text = job?.progress.message;
  if (!text) return null;
  try {
    return JSON.parse(text) as ScreeningImport['counters'];
  } catch {
    return null;
  }
}
