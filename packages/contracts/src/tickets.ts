/**
 * Tickets (督查举报, 投诉, 咨询, 建议): the kinds, statuses, actions and the shapes the web reads.
 * The server's state machine (modules/tickets/tickets.rules.ts) is built on these lists.
 */
export const TICKET_KINDS = ['report', 'complaint', 'consultation', 'suggestion', 'help'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const TICKET_STATUSES = ['submitted', 'accepted', 'rejected', 'assigned', 'in_progress', 'replied', 'closed', 'visited', 'merged'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_ACTIONS = [
  'accept', 'reject', 'assign', 'transfer', 'return', 'start', 'reply', 'close', 'rate',
  'supervise', 'request_extension', 'approve_extension', 'deny_extension', 'merge', 'visit',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** Actions as recorded in a ticket's history: the transitions plus the filing and a reopen by a bad rating. */
export const TICKET_HISTORY_ACTIONS = ['submit', ...TICKET_ACTIONS, 'reopen', 'master_reply', 'warn', 'escalate'] as const;

/** 好差评 ratings: 1 非常满意 … 5 非常不满意. */
export const TICKET_RATINGS = [1, 2, 3, 4, 5] as const;

export interface TicketListItem {
  id: string;
  number: string;
  kind: TicketKind;
  status: TicketStatus;
  channel: string;
  title: string;
  regionCode: string;
  department: string | null;
  dueAt: string;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TicketTimelineEntry {
  action: string;
  status: TicketStatus;
  department: string | null;
  note: string | null;
  at: string;
}

export interface OwnTicket extends TicketListItem {
  description: string;
  address: string | null;
  attachments: string[];
  reply: string | null;
  rejectReason: string | null;
  rating: number | null;
  ratingComment: string | null;
  reopenCount: number;
  canRate: boolean;
  categoryId: string | null;
  attributes: Record<string, string | number | string[]>;
  timeline: TicketTimelineEntry[];
}

export interface StaffTicket extends Omit<OwnTicket, 'timeline'> {
  lat: number | null;
  long: number | null;
  mediaUrl: string | null;
  anonymous: boolean;
  reporter: { name: string | null; phone: string | null; email: string | null };
  history: { action: string; fromStatus: TicketStatus | null; status: TicketStatus; actorType: string; actorDepartment: string | null; department: string | null; note: string | null; at: string }[];
  masterId: string | null;
  superviseCount: number;
  /** Citizens who added themselves to this ticket (我也遇到了) instead of filing a duplicate. */
  supportCount: number;
  lastSupervisedAt: string | null;
  extensionDays: number | null;
  extensionCount: number;
  as: 'dispatcher' | 'department' | 'reporter';
  actions: TicketAction[];
  departments: string[];
  suggestedDepartment: string | null;
}

export const CATEGORY_FIELD_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export interface TicketCategoryField {
  code: string;
  label: string;
  datatype: (typeof CATEGORY_FIELD_DATATYPES)[number];
  required: boolean;
  order: number;
  description?: string;
  values?: { key: string; name: string }[];
}
export interface TicketCategory {
  id: string;
  code: string;
  parentId: string | null;
  kind: TicketKind;
  name: string;
  nameEn: string | null;
  description: string | null;
  sortOrder: number;
  active: boolean;
  fields: TicketCategoryField[];
  /** The category's own time limit (inherited by its subtree); null: the parent's, else the kind's default. */
  slaUnit: 'working_days' | 'working_hours' | null;
  slaAmount: number | null;
  updatedAt: string;
}

/** One department's figures in the monthly ticket KPIs (GET /api/tickets/kpi): rates are null when their denominator is 0. */
export interface TicketDepartmentKpi {
  department: string;
  received: number;
  answered: number;
  answeredOnTime: number;
  rated: number;
  satisfied: number;
  /** answered / received */
  responseRate: number | null;
  /** answered by the deadline / answered */
  onTimeRate: number | null;
  /** satisfied (好差评 1–3) / rated */
  satisfactionRate: number | null;
}

/** The monthly ticket KPIs of the officer's region (tickets filed in the month, China time). */
export interface TicketKpi {
  month: string;
  departments: TicketDepartmentKpi[];
  byChannel: { channel: string; count: number }[];
  byCategory: { categoryId: string | null; category: string; count: number }[];
  byDay: { day: string; count: number }[];
}
