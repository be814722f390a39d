import { tableRows, type RowKind, type RowParts } from '../../platform/db/group-commit.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { NewFlag, NewScan } from './venues.repository.ts';
import { scanFlags, scans } from './venues.tables.ts';

/** Scans as group commit merges them: every scan of a batch in one INSERT … SELECT FROM unnest(…). */
export const SCAN_ROWS: RowKind<NewScan> = tableRows(scans);

/** Abuse flags, written in the same transaction as the scans they point at. */
export const FLAG_ROWS: RowKind<NewFlag> = tableRows(scanFlags);

/**
 * Writes a scan (with its flags, and any rows another module must commit with it) through group
 * commit and resolves once committed. The scans of every request handled in the same event-loop
 * turn share one transaction and one INSERT; a bad row fails only its own request.
 */
export function writeScan(ctx: AppContext, scan: NewScan, flags: NewFlag[] = [], alongside: RowParts = []): Promise<void> {
  return ctx.database.writes.submitRows([{ kind: SCAN_ROWS, rows: [scan] }, ...(flags.length ? [{ kind: FLAG_ROWS, rows: flags }] : []), ...alongside]);
}
