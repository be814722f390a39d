/** The daily check-in and the notification centre over HTTP: shapes, query options and changes (citizen app and console). */
import { queryOptions } from '@tanstack/react-query';
import { api, toQuery } from '../api/client.ts';

import { checkExtraAnswer, type AbnormalReason, type ExtraAnswerProblem, type ExtraField, type OrgType } from '@fangxian/contracts/checkin';

// The rules the server enforces, checked here before sending (one copy, in the contracts package).
export { ORG_TYPES, SYMPTOMS, EXTRA_FIELD_TYPES, type OrgType, type AbnormalReason, type ExtraFieldType, type ExtraField } from '@fangxian/contracts/checkin';

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
  /** HH:MM China time: reports expected from. */
  windowStart: string;
  /** HH:MM China time: reports due by. */
  deadline: string;
  remindBeforeMinutes: number;
  extraFields: ExtraField[];
  createdAt: string;
}
export interface OrgSettings {
  windowStart: string;
  deadline: string;
  remindBeforeMinutes: number;
  extraFields: ExtraField[];
}
export interface Department {
  id: string;
  name: string;
  parentId: string | null;
  depth: number;
  /** Members (active or invited) placed directly in the node (the tree listing only). */
  members?: number;
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
  /** Answers to extra fields by organisation id. */
  extra?: Record<string, Record<string, string | number>>;
  submittedAt: string;
}
export interface ReportInput {
  temperature: number;
  symptoms: string[];
  divisionCode: string;
  riskAreaContact: boolean;
  /** Answers to the organisations' extra fields: { orgId: { key: value } }. */
  extra?: Record<string, Record<string, string | number>>;
}
/** An organisation's extra questions the member answers in the daily form. */
export interface ExtraForm {
  orgId: string;
  orgName: string;
  deadline: string;
  fields: ExtraField[];
}
export interface Today {
  day: string;
  report: Report | null;
  history: Report[];
  streak: number;
  sharedWith: { id: string; name: string }[];
  forms?: ExtraForm[];
}
export interface DayRow {
  citizenId: string;
  name: string;
  phone: string;
  role: string;
  department: string | null;
  departmentId?: string | null;
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
  /** The page of members shown (requests with a limit). */
  page?: { offset: number; limit: number; count: number; next: string | null };
  members: DayRow[];
}
export type ImportOutcome = 'invited' | 'invalid_phone' | 'no_account' | 'already_member' | 'duplicate_row' | 'unknown_department' | 'ambiguous_department';
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
  departments: ['checkin', 'departments'] as const,
  preferences: ['notifications', 'preferences'] as const,
  delivery: ['notifications', 'delivery'] as const,
};

export const NOTIFICATION_CHANNELS = ['inbox', 'sms', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export interface NotificationPreferences {
  kinds: { kind: string; description: { zh: string; en: string }; mandatory: NotificationChannel[]; channels: Record<NotificationChannel, boolean> }[];
  quietHours: { start: string; end: string } | null;
  webhookUrl: string | null;
}
export interface PreferencesChange {
  preferences?: { kind: string; channel: NotificationChannel; enabled: boolean }[];
  quietHours?: { start: string; end: string } | null;
  webhookUrl?: string | null;
}
export interface DeliveryCount {
  kind: string;
  channel: string;
  status: string;
  n: number;
}
export interface WebhookPost {
  id: string;
  notificationId: string;
  url: string;
  body: string;
  signature: string;
  timestamp: string;
  createdAt: string;
}
export const departmentsQuery = (orgId: string) =>
  queryOptions({ queryKey: [...checkinKeys.departments, orgId], queryFn: ({ signal }) => api.get<Department[]>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/departments`, { signal }) });
export const preferencesQuery = () => queryOptions({ queryKey: checkinKeys.preferences, queryFn: ({ signal }) => api.get<NotificationPreferences>('/api/notifications/preferences', { signal }) });
export const deliveryQuery = (hours: number) =>
  queryOptions({ queryKey: [...checkinKeys.delivery, 'counts', hours], queryFn: ({ signal }) => api.get<DeliveryCount[]>(`/api/admin/notifications/delivery${toQuery({ hours })}`, { signal }) });
export const webhookOutboxQuery = () =>
  queryOptions({ queryKey: [...checkinKeys.delivery, 'outbox'], queryFn: ({ signal }) => api.get<WebhookPost[]>(`/api/admin/notifications/webhook-outbox${toQuery({ limit: 100 })}`, { signal }) });

export const todayQuery = () => queryOptions({ queryKey: checkinKeys.today, queryFn: ({ signal }) => api.get<Today>('/api/checkin/my/today', { signal }) });
export const myOrgsQuery = () => queryOptions({ queryKey: checkinKeys.myOrgs, queryFn: ({ signal }) => api.get<Membership[]>('/api/checkin/my/orgs', { signal }) });
export const orgQuery = (id: string) => queryOptions({ queryKey: [...checkinKeys.org, id], queryFn: ({ signal }) => api.get<Org>(`/api/checkin/orgs/${encodeURIComponent(id)}`, { signal }) });
/** Members shown per page of the organisation's day (the totals always cover every member). */
export const DAY_PAGE = 50;
/**
 * A page of the organisation's day: the first, or the one after a cursor (`page.next` of the page
 * before: a keyset page, as cheap deep in the list as at its start); `departmentId` narrows the members
 * to one node ("none": no node).
 */
export const orgDayQuery = (id: string, day?: string, after?: string, departmentId?: string) =>
  queryOptions({
    queryKey: [...checkinKeys.orgDay, id, day ?? null, after ?? null, departmentId ?? null],
    queryFn: ({ signal }) => api.get<OrgDay>(`/api/checkin/orgs/${encodeURIComponent(id)}/day${toQuery({ day, limit: DAY_PAGE, after, departmentId })}`, { signal }),
  });
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
  updateSettings: (orgId: string, settings: OrgSettings) => api.put<Org>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/settings`, settings),
  addDepartment: (orgId: string, name: string, parentId: string | null) => api.post<Department>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/departments`, { name, parentId }),
  updateDepartment: (orgId: string, departmentId: string, change: { name?: string; parentId?: string | null }) =>
    api.patch<Department>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/departments/${encodeURIComponent(departmentId)}`, change),
  /** Deletes a node; `moveMembersTo` (a node id, or null for no node) moves its members first, in the same transaction. */
  deleteDepartment: (orgId: string, departmentId: string, moveMembersTo?: string | null) =>
    api.delete<null>(
      `/api/checkin/orgs/${encodeURIComponent(orgId)}/departments/${encodeURIComponent(departmentId)}${moveMembersTo === undefined ? '' : `?moveMembersTo=${encodeURIComponent(moveMembersTo ?? 'none')}`}`,
    ),
  /** Moves chosen members to a node (null: no node), all or none. */
  moveMembers: (orgId: string, citizenIds: string[], departmentId: string | null) =>
    api.post<{ moved: number }>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/members/move`, { citizenIds, departmentId }),
  /** Moves every active member matching the filter (all, a node's, or "none") — exactly `expectedCount` of them, or nothing. */
  moveMatchingMembers: (orgId: string, filter: { departmentId?: string }, departmentId: string | null, expectedCount: number) =>
    api.post<{ moved: number }>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/members/move-matching`, { filter, departmentId, expectedCount }),
  updateMember: (orgId: string, citizenId: string, change: { departmentId?: string | null; role?: 'admin' | 'member' }) =>
    api.patch<null>(`/api/checkin/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(citizenId)}`, change),
  updatePreferences: (change: PreferencesChange) => api.put<{ preferences: NotificationPreferences; webhookSecret: string | null }>('/api/notifications/preferences', change),
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

/**
 * What is wrong with one answer to an extra field (the server's own check, checkExtraAnswer of the
 * contracts package): null when it is fine, otherwise the problem (a locale key under report.extraProblem).
 */
export function extraAnswerProblem(field: ExtraField, raw: string | undefined): ExtraAnswerProblem | null {
  return checkExtraAnswer(field, raw).problem ?? null;
}
