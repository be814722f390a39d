/** Government services in the citizen app: the public catalogue, applying, 我的办件. */
import { queryOptions } from '@tanstack/react-query';
import type { BundleSummary, ItemGuide, ItemSummary, OwnApplication, OwnApplicationLine, VerifySlot } from '@fangxian/contracts/govservice';
import { api } from '../../shared/api/client.ts';

const id = encodeURIComponent;
export const serviceKeys = { all: ['govservice'] as const, mine: ['govservice', 'mine'] as const };

export function catalogueQuery(q: string) {
  return queryOptions({ queryKey: [...serviceKeys.all, 'items', q], queryFn: ({ signal }) => api.get<{ items: ItemSummary[] }>(`/api/govservice/items${q ? `?q=${id(q)}` : ''}`, { signal }) });
}
/** 一件事一次办: the published bundles. */
export function bundlesQuery() {
  return queryOptions({ queryKey: [...serviceKeys.all, 'bundles'], queryFn: ({ signal }) => api.get<{ items: BundleSummary[] }>('/api/govservice/bundles', { signal }) });
}
/** 云核验: the open slots an application may book. */
export function verifySlotsQuery(appId: string) {
  return queryOptions({ queryKey: [...serviceKeys.mine, 'slots', appId], queryFn: ({ signal }) => api.get<{ items: VerifySlot[] }>(`/api/govservice/applications/mine/${id(appId)}/verification-slots`, { signal }) });
}
export function guideQuery(code: string) {
  return queryOptions({ queryKey: [...serviceKeys.all, 'item', code], queryFn: ({ signal }) => api.get<ItemGuide>(`/api/govservice/items/${id(code)}`, { signal }) });
}
export function mineQuery() {
  return queryOptions({ queryKey: [...serviceKeys.mine, 'list'], queryFn: ({ signal }) => api.get<{ items: OwnApplicationLine[] }>('/api/govservice/applications/mine', { signal }) });
}
export function myApplicationQuery(appId: string) {
  return queryOptions({ queryKey: [...serviceKeys.mine, 'one', appId], queryFn: ({ signal }) => api.get<OwnApplication>(`/api/govservice/applications/mine/${id(appId)}`, { signal }) });
}

export interface ApplicationInput {
  applicantType: 'person' | 'enterprise';
  enterprise?: { name: string; creditCode: string } | null;
  phone?: string | null;
  form: Record<string, string | number | string[]>;
  materials: { key: string; fileIds: string[] }[];
  mode: 'normal' | 'tolerance' | 'commitment';
  missingMaterials?: string[];
  priorityReason?: string | null;
  wantsExpress?: boolean;
  deliveryAddress?: string | null;
}

export const servicesApi = {
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.post<{ id: string }>('/api/files', form);
  },
  create: (itemCode: string, input: ApplicationInput) => api.post<OwnApplication>('/api/govservice/applications', { itemCode, ...input }),
  sign: (appId: string, text: string) => api.post<OwnApplication>(`/api/govservice/applications/mine/${id(appId)}/sign`, { text }),
  submit: (appId: string) => api.post<OwnApplication>(`/api/govservice/applications/mine/${id(appId)}/submit`, {}),
  supply: (appId: string, materials: { key: string; fileIds: string[] }[]) => api.post<OwnApplication>(`/api/govservice/applications/mine/${id(appId)}/supply`, { materials }),
  rate: (appId: string, level: number, comment: string) => api.post<OwnApplication>(`/api/govservice/applications/mine/${id(appId)}/rating`, { level, comment: comment || null }),
  pdfUrl: (documentId: string) => `/api/documents/mine/${id(documentId)}/pdf`,
  book: (appId: string, slotId: string) => api.post<OwnApplication>(`/api/govservice/applications/mine/${id(appId)}/verification`, { slotId }),
  cancelBooking: (appId: string, bookingId: string) => api.post<OwnApplication>(`/api/govservice/applications/mine/${id(appId)}/verification/${id(bookingId)}/cancel`, {}),
  withdraw: (appId: string) => api.post<OwnApplication>(`/api/govservice/applications/mine/${id(appId)}/withdraw`, {}),
};
