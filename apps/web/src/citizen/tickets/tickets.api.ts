/** The citizen's tickets: file one (with photos), follow them, rate the answer. */
import { queryOptions } from '@tanstack/react-query';
import type { OwnTicket, TicketKind, TicketListItem } from '@fangxian/contracts/tickets';
import { api } from '../../shared/api/client.ts';

const id = encodeURIComponent;

export const myTicketKeys = { all: ['my-tickets'] as const };

export function myTicketsQuery() {
  return queryOptions({ queryKey: [...myTicketKeys.all, 'list'], queryFn: ({ signal }) => api.get<TicketListItem[]>('/api/tickets/mine', { signal }) });
}

export function myTicketQuery(ticketId: string) {
  return queryOptions({ queryKey: [...myTicketKeys.all, 'one', ticketId], queryFn: ({ signal }) => api.get<OwnTicket>(`/api/tickets/mine/${id(ticketId)}`, { signal }) });
}

export interface NewTicket {
  kind: TicketKind;
  title: string;
  description: string;
  regionCode: string;
  address?: string;
  attachments?: string[];
  contactName?: string;
  contactPhone?: string;
  categoryId?: string;
  attributes?: Record<string, string | number | string[]>;
}

/** An active category and its attribute form (GET /api/tickets/categories). */
export interface TicketCategory {
  id: string;
  code: string;
  parentId: string | null;
  kind: TicketKind;
  name: string;
  sortOrder: number;
  fields: { code: string; label: string; datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist'; required: boolean; order: number; description?: string; values?: { key: string; name: string }[] }[];
}

/** An open ticket like the one being written (POST /api/tickets/similar): public fields only. */
export interface SimilarTicket { number: string; title: string; status: string; createdAt: string; distanceM: number | null; similarity: number }

export interface SimilarAsk { kind: TicketKind; categoryId?: string | null; regionCode: string; address?: string | null; title: string; description?: string | null }

export function ticketCategoriesQuery() {
  return queryOptions({ queryKey: [...myTicketKeys.all, 'categories'], queryFn: ({ signal }) => api.get<TicketCategory[]>('/api/tickets/categories', { signal }), staleTime: 5 * 60_000 });
}

export function similarTicketsQuery(ask: SimilarAsk) {
  return queryOptions({
    queryKey: [...myTicketKeys.all, 'similar', ask],
    queryFn: ({ signal }) => api.post<SimilarTicket[]>('/api/tickets/similar', ask, { signal }),
    staleTime: 60_000,
  });
}

/** A ticket the citizen supports (我也遇到了): public progress only. */
export interface SupportedTicket { number: string; kind: TicketKind; status: string; title: string; dueAt: string; overdue: boolean; reply: string | null; supportCount: number; updatedAt: string }

export function supportedTicketsQuery() {
  return queryOptions({ queryKey: [...myTicketKeys.all, 'supported'], queryFn: ({ signal }) => api.get<SupportedTicket[]>('/api/tickets/supported', { signal }) });
}

export const myTicketsApi = {
  support: (number: string) => api.post<SupportedTicket & { forwardedFrom: string | null }>('/api/tickets/support', { number }),
  withdrawSupport: (number: string) => api.delete<SupportedTicket>(`/api/tickets/support/${encodeURIComponent(number)}`),
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.post<{ id: string }>('/api/files', form);
  },
  submit: (input: NewTicket) => api.post<{ id: string; number: string; dueAt: string }>('/api/tickets', input),
  rate: (ticketId: string, rating: number, comment?: string) => api.post<OwnTicket>(`/api/tickets/mine/${id(ticketId)}/rating`, { rating, comment: comment || null }),
};
