/** Tickets as the console reads and changes them: query keys, the worklist, one ticket, the actions. */
import { queryOptions } from '@tanstack/react-query';
import type { StaffTicket, TicketKind, TicketListItem, TicketStatus } from '@fangxian/contracts/tickets';
import { api } from '../../shared/api/client.ts';

const id = encodeURIComponent;

export const ticketKeys = { all: ['tickets'] as const };

export interface WorklistFilter {
  status?: TicketStatus[];
  kind?: TicketKind;
  overdue?: boolean;
  number?: string;
}

export interface Worklist {
  items: TicketListItem[];
  /** Counted up to 1 000; `totalCapped` when more match (shown as "1 000+"). */
  total: number;
  totalCapped: boolean;
  dispatcher: boolean;
  /** The cursor of the next page (pass as `after`); null on the last page. */
  next: string | null;
}

function worklistQueryString(f: WorklistFilter, limit: number, after: string | null): string {
  const search = new URLSearchParams();
  for (const s of f.status ?? []) search.append('status', s);
  if (f.kind) search.set('kind', f.kind);
  if (f.overdue) search.set('overdue', 'true');
  if (f.number?.trim()) search.set('number', f.number.trim());
  search.set('limit', String(limit));
  if (after) search.set('after', after);
  return `?${search.toString()}`;
}

/**
 * One page of the worklist (overdue first, then by deadline), by keyset: the page after the cursor
 * `after` (the previous page's `next`; null for the first page) — a deep page costs what the first does.
 */
export function worklistQuery(filter: WorklistFilter, after: string | null, pageSize = 20) {
  return queryOptions({
    queryKey: [...ticketKeys.all, 'worklist', filter, after, pageSize],
    queryFn: ({ signal }) => api.get<Worklist>(`/api/tickets/worklist${worklistQueryString(filter, pageSize, after)}`, { signal }),
  });
}

/** One ticket with its history (the read is audited by the server). */
export function ticketQuery(ticketId: string) {
  return queryOptions({
    queryKey: [...ticketKeys.all, 'one', ticketId],
    queryFn: ({ signal }) => api.get<StaffTicket>(`/api/tickets/worklist/${id(ticketId)}`, { signal }),
  });
}

export type DispatchAction = 'accept' | 'reject' | 'assign' | 'transfer' | 'return' | 'close' | 'supervise' | 'approve_extension' | 'deny_extension' | 'merge' | 'visit';
export type HandleAction = 'start' | 'reply' | 'return' | 'request_extension';
export interface DispatchBody { action: DispatchAction; note?: string; department?: string; master?: string; rating?: number }
export interface HandleBody { action: HandleAction; note?: string; days?: number }

export const ticketsApi = {
  dispatch: (ticketId: string, body: DispatchBody) => api.post<StaffTicket>(`/api/tickets/worklist/${id(ticketId)}/dispatch`, body),
  handle: (ticketId: string, body: HandleBody) => api.post<StaffTicket>(`/api/tickets/worklist/${id(ticketId)}/handle`, body),
  attachmentUrl: (ticketId: string, fileId: string) => `/api/tickets/worklist/${id(ticketId)}/attachments/${id(fileId)}`,
};
