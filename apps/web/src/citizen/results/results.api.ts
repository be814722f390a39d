/** Electronic results for citizens: public verification (by code or file) and the holder's documents. */
import { queryOptions } from '@tanstack/react-query';
import type { OwnDocument, Verification } from '@fangxian/contracts/results';
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
