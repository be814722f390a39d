/** The daily check-in and the notification centre over HTTP: shapes, query options and changes (citizen app and console). */
import { queryOptions } from '@tanstack/react-query';
import { api, toQuery } from '../api/client.ts';

export const ORG_TYPES = ['agency', 'enterprise', 'school', 'hospital', 'other'] as const;
export type OrgType = (typeof ORG_TYPES)[number];
export const SYMPTOMS = ['fever', 'cough', 'sore_throat', 'fatigue', 'taste_smell_loss', 'diarrhoea', 'breathing_difficulty'] as const;
export type AbnormalReason = 'fever' | 'symptoms' | 'risk_area_contact' | 'code_colour';

export interface Org {
  id: string;
  name: string;
  type: OrgType;
  creditCode: string;
  divisionCode: string;
  divisionName: string;
  address: string;
  status: 'pending' | 'approved' | 'rejected';
  inviteCode: string | null;
  decisionNote: string | null;
  createdAt: string;
}
export interface Membership {
  org: Org;
  role: 'admin' | 'member';
  status: 'invited' | 'active';
  department: string | null;
  consentAt: string | null;
}
export interface Report {
  day: string;
  revision: number;
  temperature: number;
  symptoms: string[];
  divisionCode: string;
  riskAreaContact: boolean;
  codeColour: 'green' | 'yellow' | 'red' | null;
  abnormal: boolean;
  abnormalReasons: AbnormalReason[];
  submittedAt: string;
}
export interface ReportInput {
  temperature: number;
  symptoms: string[];
  divisionCode: string;
  riskAreaContact: boolean;
}
export interface Today {
  day: string;
  report: Report | null;
  history: Report[];
  streak: number;
  sharedWith: { id: string; name: string }[];
}
export interface DayRow {
  citizenId: string;
  name: string;
  phone: string;
  role: string;
  department: string | null;
  reported: boolean;
  report: Omit<Report, 'day'> | null;
}
export interface OrgDay {
  day: string;
  org: Org;
  total: { members: number; reported: number; abnormal: number };
  byDepartment: { department: string | null; members: number; reported: number; abnormal: number }[];
  /** Per department node, its whole subtree included (id null: members in no node). */
  departmentTree: { id: string | null; name: string; parentId: string | null; depth: number; members: number; reported: number; abnormal: number }[];
  members: DayRow[];
}
export type ImportOutcome = 'invited' | 'invalid_phone' | 'no_account' | 'already_member' | 'duplicate_row';
export interface ReminderResult {
  missing: number;
  delivered: number;
  duplicate: number;
  rateLimited: number;
  failed: number;
  skipped: number;
}
export interface Counts {
  members: number;
  reported: number;
  abnormal: number;
}
export interface CitySummary {
  day: string;
  regionCode: string;
  total: Counts & { organisations: number };
  byOrganisation: (Counts & { orgId: string; name: string; type: OrgType; divisionCode: string })[];
  byTypeAndDivision: (Counts & { type: OrgType; divisionCode: string; divisionName: string; organisations: number })[];
}
export interface InboxItem {
  id: string;
  kind: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** Where the member import template is downloaded (a GET with the session cookie). */
export const MEMBERS_TEMPLATE_URL = '/api/checkin/members-template.xlsx';
/** The organisation's day as XLSX (masked, extra answers, department totals). */
export const dayExportUrl = (orgId: string, day?: string) => `/api/checkin/orgs/${encodeURIComponent(orgId)}/day.xlsx${toQuery({ day })}`;
/** The organisation's join QR code (SVG) for its poster. */
export const joinQrUrl = (orgId: string) => `/api/checkin/orgs/${encodeURIComponent(orgId)}/join-qr.svg`;
export interface StreakRow {
  citizenId: string;
  name: string;
  phone: string;
  role: string;
  department: string | null;
  streak: number;
}
export const orgStreaksQuery = (id: string) =>
  queryOptions({ queryKey: [...checkinKeys.orgDay, id, 'streaks'], queryFn: ({ signal }) => api.get<StreakRow[]>(`/api/checkin/orgs/${encodeURIComponent(id)}/streaks`, { signal }) });
export const joinPreviewQuery = (code: string) =>
  queryOptions({ queryKey: ['checkin', 'join-preview', code], queryFn: ({ signal }) => api.get<{ name: string; type: OrgType; divisionCode: string }>(`/api/checkin/join/${encodeURIComponent(code)}`, { signal }), retry: false });

export const checkinKeys = {
  today: ['checkin', 'today'] as const,
  myOrgs: ['checkin', 'my-orgs'] as const,
  orgDay: ['checkin', 'org-day'] as const,
  org: ['checkin', 'org'] as const,
  orgs: ['checkin', 'orgs'] as const,
  summary: ['checkin', 'summary'] as const,
  inbox: ['notifications', 'inbox'] as const,
};

export const todayQuery = () => queryOptions({ queryKey: checkinKeys.today, queryFn: ({ signal }) => api.get<Today>('/api/checkin/my/today', { signal }) });
export const myOrgsQuery = () => queryOptions({ queryKey: checkinKeys.myOrgs, queryFn: ({ signal }) => api.get<Membership[]>('/api/checkin/my/orgs', { signal }) });
export const orgQuery = (id: string) => queryOptions({ queryKey: [...checkinKeys.org, id], queryFn: ({ signal }) => api.get<Org>(`/api/checkin/orgs/${encodeURIComponent(id)}`, { signal }) });
export const orgDayQuery = (id: string, day?: string) =>
  queryOptions({ queryKey: [...checkinKeys.orgDay, id, day ?? null], queryFn: ({ signal }) => api.get<OrgDay>(`/api/checkin/orgs/${encodeURIComponent(id)}/day${toQuery({ day })}`, { signal }) });
export interface Trend {
  members: number;
  days: { day: string; reported: number; abnormal: number }[];
}
export const orgTrendQuery = (id: string) =>
  queryOptions({ queryKey: [...checkinKeys.orgDay, id, 'trend'], queryFn: ({ signal }) => api.get<Trend>(`/api/checkin/orgs/${encodeURIComponent(id)}/trend`, { signal }) });
export const orgsForReviewQuery = (status: Org['status']) =>
  queryOptions({ queryKey: [...checkinKeys.orgs, status], queryFn: ({ signal }) => api.get<Org[]>(`/api/checkin/orgs${toQuery({ status, limit: 200 })}`, { signal }) });
export const summaryQuery = (day?: string) =>
  queryOptions({ queryKey: [...checkinKeys.summary, day ?? null], queryFn: ({ signal }) => api.get<CitySummary>(`/api/checkin/summary${toQuery({ day })}`, { signal }) });
export const inboxQuery = () =>
  queryOptions({ queryKey: checkinKeys.inbox, queryFn: ({ signal }) => api.get<{ unread: number; items: InboxItem[] }>(`/api/notifications${toQuery({ limit: 50 })}`, { signal }) });

export const checkinApi = {
  submit: (input: ReportInput) => api.post<{ report: Report; sharedWith: { id: string; name: string }[] }>('/api/checkin/my/report', input),
  join: (inviteCode: string, department?: string) => api.post<Org>('/api/checkin/my/join', { inviteCode, consent: true, ...(department ? { department } : {}) }),
  accept: (orgId: string) => api.post<null>(`/api/checkin/my/orgs/${encodeURIComponent(orgId)}/accept`, { consent: true }),
  leave: (orgId: string) => api.post<null>(`/api/checkin/my/orgs/${encodeURIComponent(orgId)}/leave`),
  register: (input: { name: string; type: OrgType; creditCode: string; divisionCode: string; address: string }) => api.post<Org>('/api/checkin/orgs', input),
  remind: (orgId: string) => api.post<ReminderResult>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/reminders`),
  importMembers: (orgId: string, rows: { phone: string; department?: string }[]) =>
    api.post<{ row: number; outcome: ImportOutcome }[]>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/members/import`, { rows }),
  importXlsx: (orgId: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.post<{ row: number; outcome: ImportOutcome }[]>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/members/import.xlsx`, form);
  },
  decide: (orgId: string, approve: boolean, note?: string) => api.post<Org>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/decision`, { approve, ...(note ? { note } : {}) }),
  markRead: (id: string) => api.post<null>(`/api/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => api.post<{ marked: number }>('/api/notifications/read-all'),
};

/** Parses the import sheet pasted as text: one member a line, "phone[,department]" (tab or comma separated). */
export function parseImportText(text: string): { phone: string; department?: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [phone, department] = line.split(/[,\t，]/).map((s) => s.trim());
      return department ? { phone, department } : { phone };
    });
}
