/** The rejected rows of the case-file and lab-result imports in the reader's language: the server sends a reason code with params. */
import type { TFunction } from 'i18next';
import type { ImportRejectedRow } from '@fangxian/contracts/tracing';

const FIELDS = ['name', 'documentType', 'documentNumber', 'status', 'source', 'onsetDate', 'reportDate', 'confirmedDate', 'sampleDate', 'testType', 'lab', 'result', 'regionCode', 'notes', 'date'] as const;
type ImportField = (typeof FIELDS)[number];

/** A column's name (as in the template), or the field as sent when it is not one of the imports' columns. */
export function importFieldLabel(t: TFunction<'tracing'>, field: string | null | undefined): string {
  if (!field) return '—';
  return (FIELDS as readonly string[]).includes(field) ? t(`importReject.fields.${field as ImportField}`) : field;
}

/** Why the row was refused, worded from its code and params. */
export function importRejectText(t: TFunction<'tracing'>, row: Pick<ImportRejectedRow, 'reason' | 'params'>): string {
  const params = row.params ?? {};
  return t(`importReject.reasons.${row.reason}`, { ...params, fieldName: importFieldLabel(t, typeof params.field === 'string' ? params.field : 'date') });
}
