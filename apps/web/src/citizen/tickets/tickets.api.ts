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
}

export const myTicketsApi = {
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.post<{ id: string }>('/api/files', form);
  },
  submit: (input: NewTicket) => api.post<{ id: string; number: string; dueAt: string }>('/api/tickets', input),
  rate: (ticketId: string, rating: number, comment?: string) => api.post<OwnTicket>(`/api/tickets/mine/${id(ticketId)}/rating`, { rating, comment: comment || null }),
};
