/** The organisation batch check (单位批量核查), shared by the console and the citizen app: the answer's shape, the upload and the result workbook. */
import type { TFunction } from 'i18next';
import { BATCH_FIELDS, type BatchCheckResult, type BatchRejectedRow } from '@fangxian/contracts/tracing';
import { api, ApiError, CSRF_COOKIE, readCookie } from '../api/client.ts';

/** The organisation batch check's answer (the route's response schema, contracts): each good row with its verdict, the bad rows with line and reason (codes worded by batchRejectText). */
export type { BatchCheckResult, BatchVerdict } from '@fangxian/contracts/tracing';

/** A refused row's column, as the template names it (or as sent when it is not one). */
export function batchFieldLabel(t: TFunction<'tracing'>, field: string | null | undefined): string {
  if (!field) return '—';
  return (BATCH_FIELDS as readonly string[]).includes(field) ? t(`batch.fields.${field as (typeof BATCH_FIELDS)[number]}`) : field;
}

/** Why a row was refused, in the reader's language, from its code and params. */
export function batchRejectText(t: TFunction<'tracing'>, row: Pick<BatchRejectedRow, 'reason' | 'params'>): string {
  return t(`batch.rejectReasons.${row.reason}`, { ...(row.params ?? {}) });
}

/** A file's bytes as base64 (no data: prefix). */
export async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The batch check's result as an XLSX (a POST: the list is sent again, nothing is stored on the server). */
/** Checks a list (XLSX as base64): each good row's verdict, the bad rows with line and reason. */
export function runBatchCheck(contentBase64: string) {
  return api.post<BatchCheckResult>('/api/tracing/batch-check', { contentBase64 });
}

export async function batchResultWorkbook(contentBase64: string, language: string): Promise<Blob> {
  const csrf = readCookie(document.cookie, CSRF_COOKIE);
  const response = await fetch('/api/tracing/batch-check/result.xlsx', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'accept-language': language, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: JSON.stringify({ contentBase64 }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { code?: string; message?: string } | null;
    throw new ApiError(body?.code ?? `HTTP_${response.status}`, body?.message ?? String(response.status), response.status);
  }
  return response.blob();
}
