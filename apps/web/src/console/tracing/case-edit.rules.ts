/** The pure part of correcting a case's facts (订正): which fields changed, as the PATCH body wants them. */
import type { CaseFile } from '@fangxian/contracts/tracing';
import type { CaseEdit } from './tracing.api.ts';

const FIELDS = ['onsetDate', 'reportDate', 'confirmedDate', 'source', 'regionCode', 'notes'] as const;

/** The fields changed from the case file, as the PATCH body wants them (an emptied date is null). */
export function caseChanges(file: Pick<CaseFile, (typeof FIELDS)[number]>, values: { [K in (typeof FIELDS)[number]]?: string | null }): Omit<CaseEdit, 'reason'> {
  const out: Record<string, string | null> = {};
  const norm = (field: (typeof FIELDS)[number], v: string | null | undefined) => (field === 'notes' ? (v ?? '').trim() : v || null);
  for (const field of FIELDS) {
    const next = norm(field, values[field]);
    if (next !== norm(field, file[field])) out[field] = next;
  }
  return out as Omit<CaseEdit, 'reason'>;
}

