/** Electronic results for citizens: public verification (by code or file) and the holder's documents. */
import { queryOptions } from '@tanstack/react-query';
import type { OwnDocument, Shipment, Verification } from '@fangxian/contracts/results';
import { api } from '../../shared/api/client.ts';

export function myDocumentsQuery() {
  return queryOptions({ queryKey: ['my-documents'], queryFn: ({ signal }) => api.get<OwnDocument[]>('/api/documents/mine', { signal }) });
}

/** Reads a file as base64 (without the data: prefix). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export const documentsApi = {
  verifyCode: (code: string) => api.get<Verification>(`/api/documents/verify/${encodeURIComponent(code.trim())}`),
  verifyFile: async (file: File) => api.post<Verification>('/api/documents/verify-file', { pdfBase64: await base64Of(file) }),
  pdfUrl: (id: string) => `/api/documents/mine/${encodeURIComponent(id)}/pdf`,
};

export interface OwnAddress {
  id: string;
  recipient: string;
  phone: string;
  address: string;
  regionCode: string;
  createdAt: string;
}

export const deliveryKeys = { all: ['my-delivery'] as const };
export const myAddressesQuery = () => queryOptions({ queryKey: [...deliveryKeys.all, 'addresses'], queryFn: ({ signal }) => api.get<OwnAddress[]>('/api/delivery/addresses', { signal }) });
export const myShipmentsQuery = () => queryOptions({ queryKey: [...deliveryKeys.all, 'shipments'], queryFn: ({ signal }) => api.get<Shipment[]>('/api/delivery/shipments/mine', { signal }) });

export const deliveryApi = {
  addAddress: (body: Omit<OwnAddress, 'id' | 'createdAt'>) => api.post<{ id: string }>('/api/delivery/addresses', body),
  deleteAddress: (id: string) => api.delete<void>(`/api/delivery/addresses/${encodeURIComponent(id)}`),
};
