/** The citizen's hall appointments, and the kiosk's and calling screen's requests (no session: a kiosk key, or nothing). */
import { queryOptions } from '@tanstack/react-query';
import type { BookableHall, HallBooking, HallScreen, HallSlots, IssuedTicket, HallItem, Hall } from '@fangxian/contracts/hall';
import { api, ApiError } from '../../shared/api/client.ts';

const id = encodeURIComponent;

export const hallKeys = { all: ['hall'] as const, mine: ['hall', 'mine'] as const };

export const bookableHallsQuery = () => queryOptions({ queryKey: [...hallKeys.all, 'bookable'], queryFn: ({ signal }) => api.get<BookableHall[]>('/api/hall/bookable', { signal }) });

export const slotsQuery = (hallId: string, itemCode: string, day: string) =>
  queryOptions({
    queryKey: [...hallKeys.all, 'slots', hallId, itemCode, day],
    queryFn: ({ signal }) => api.get<HallSlots>(`/api/hall/bookable/${id(hallId)}/slots?itemCode=${id(itemCode)}&day=${id(day)}`, { signal }),
    enabled: Boolean(hallId && itemCode && day),
  });

export const myBookingsQuery = () => queryOptions({ queryKey: hallKeys.mine, queryFn: ({ signal }) => api.get<HallBooking[]>('/api/hall/bookings/mine', { signal }) });

export const hallApi = {
  book: (input: { hallId: string; itemCode: string; day: string; slotStart: string }) => api.post<HallBooking>('/api/hall/bookings', input),
  cancel: (bookingId: string) => api.post<HallBooking>(`/api/hall/bookings/mine/${id(bookingId)}/cancel`),
};

/** Where the kiosk keeps its key (this device only). */
export const KIOSK_KEY_STORAGE = 'fx_hall_kiosk_key';

/** A kiosk request: JSON with the kiosk's API key; the server's {code, message} becomes an ApiError. */
async function kioskRequest<T>(method: 'GET' | 'POST', path: string, key: string, language: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { accept: 'application/json', 'accept-language': language, 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'omit',
  });
  const data = (await res.json().catch(() => null)) as (T & { code?: string; message?: string; details?: Record<string, unknown> }) | null;
  if (!res.ok) throw new ApiError(data?.code ?? 'HTTP_ERROR', data?.message ?? res.statusText, res.status, data?.details);
  return data as T;
}

export interface KioskInfo {
  hall: Hall;
  device: { id: string; name: string };
  items: HallItem[];
}

export interface IssueInput {
  healthToken: string;
  mode: 'appointment' | 'walk_in';
  bookingCode?: string | null;
  itemCode?: string | null;
  priority?: boolean;
  priorityReason?: string | null;
}

export const kioskApi = {
  info: (key: string, language: string) => kioskRequest<KioskInfo>('GET', '/api/hall/kiosk', key, language),
  issue: (key: string, language: string, input: IssueInput) => kioskRequest<IssuedTicket>('POST', '/api/hall/kiosk/tickets', key, language, input),
};

/** The calling screen's data (public). */
export async function fetchScreen(hallId: string, signal?: AbortSignal): Promise<HallScreen> {
  const res = await fetch(`/api/hall/screens/${id(hallId)}`, { headers: { accept: 'application/json' }, credentials: 'omit', signal });
  if (!res.ok) throw new ApiError('HTTP_ERROR', res.statusText, res.status);
  return (await res.json()) as HallScreen;
}
