/** The console's hall requests: halls, windows and kiosks; the window desk; daily counts. */
import { queryOptions } from '@tanstack/react-query';
import type { DeskTicket, DeskView, HandlingTotals, Hall, HallDayCounts, HallDetail, HallDevice, HallItem, HallWindow, RegionHandling } from '@fangxian/contracts/hall';
import { api } from '../../shared/api/client.ts';

const id = encodeURIComponent;

export const hallKeys = { all: ['console-hall'] as const, list: ['console-hall', 'list'] as const, detail: (hallId: string) => ['console-hall', 'detail', hallId] as const, desk: (windowId: string) => ['console-hall', 'desk', windowId] as const };

export type HallWithWindows = Hall & { windows: HallWindow[] };

export const hallsQuery = () => queryOptions({ queryKey: hallKeys.list, queryFn: ({ signal }) => api.get<HallWithWindows[]>('/api/hall/halls', { signal }) });
export const hallDetailQuery = (hallId: string) => queryOptions({ queryKey: hallKeys.detail(hallId), queryFn: ({ signal }) => api.get<HallDetail>(`/api/hall/halls/${id(hallId)}`, { signal }), enabled: Boolean(hallId) });
export const deskQuery = (windowId: string) =>
  queryOptions({ queryKey: hallKeys.desk(windowId), queryFn: ({ signal }) => api.get<DeskView>(`/api/hall/windows/${id(windowId)}/desk`, { signal }),
    enabled: Boolean(windowId),
    // The queue is read again every 10 s while the window is idle; not while it serves someone (each read of the visitor is audited).
    refetchInterval: (query) => (query.state.data?.current ? false : 10_000),
  });
export const statsQuery = (hallId: string, from: string, to: string) =>
  queryOptions({ queryKey: [...hallKeys.all, 'stats', hallId, from, to], queryFn: ({ signal }) => api.get<{ hall: Hall; days: HallDayCounts[]; totals: HandlingTotals }>(`/api/hall/halls/${id(hallId)}/stats?from=${from}&to=${to}`, { signal }), enabled: Boolean(hallId) });
/** On-site versus online handling in the officer's region (every hall; online submissions from govservice). */
export const handlingQuery = (from: string, to: string) =>
  queryOptions({ queryKey: [...hallKeys.all, 'handling', from, to], queryFn: ({ signal }) => api.get<RegionHandling>(`/api/hall/handling?from=${from}&to=${to}`, { signal }) });
/** The published catalogue (public list) the window form picks items from. */
export const catalogueQuery = () =>
  queryOptions({ queryKey: [...hallKeys.all, 'catalogue'], queryFn: ({ signal }) => api.get<{ items: { code: string; name: string; department: string; regionCode: string }[] }>('/api/govservice/items', { signal }), staleTime: 60_000 });

export interface WindowInput {
  number: number;
  name: string;
  items: HallItem[];
  openHours: string[];
  slotCapacity: number;
  staffIds: string[];
  active?: boolean;
}

export const consoleHallApi = {
  createHall: (input: { name: string; regionCode: string; address?: string; slotMinutes?: number; bookingDays?: number }) => api.post<Hall>('/api/hall/halls', input),
  createWindow: (hallId: string, input: WindowInput) => api.post<HallWindow>(`/api/hall/halls/${id(hallId)}/windows`, input),
  updateWindow: (windowId: string, input: Partial<WindowInput>) => api.patch<HallWindow>(`/api/hall/windows/${id(windowId)}`, input),
  createKiosk: (hallId: string, name: string) => api.post<HallDevice & { key: string }>(`/api/hall/halls/${id(hallId)}/kiosks`, { name }),
  rotateKiosk: (deviceId: string) => api.post<HallDevice & { key: string }>(`/api/hall/kiosks/${id(deviceId)}/key`),
  call: (windowId: string) => api.post<DeskTicket>(`/api/hall/windows/${id(windowId)}/call`),
  finish: (windowId: string, ticketId: string, outcome: 'served' | 'no_show') => api.post<DeskTicket>(`/api/hall/windows/${id(windowId)}/tickets/${id(ticketId)}/finish`, { outcome }),
  transfer: (windowId: string, ticketId: string, toWindowId: string) => api.post<DeskTicket>(`/api/hall/windows/${id(windowId)}/tickets/${id(ticketId)}/transfer`, { toWindowId }),
};
