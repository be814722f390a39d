import { PassThrough, type Readable } from 'node:stream';
import { AppError } from '../../platform/http/errors.ts';
import { ScreeningErrors } from './screening.errors.ts';
import { detectEncoding, formatOf, listRows, type ListFormat } from './screening.readers.ts';
import { proposeMapping, type Cell, type MappingProposal } from './screening.rows.ts';

/**
 * A column mapping proposed from a sample list: the upload is read only as far as its first rows
 * (a CSV's first 64 KB decide its encoding), nothing is stored, and no cell is sent back — only the
 * headers and the proposal.
 */

/** A sample may be a whole (small) list: an XLSX has to be read to its end to reach its rows. */
export const SAMPLE_MAX_BYTES = 16 * 1024 * 1024;
const SAMPLE_ROWS = 40;

export async function proposeFromSample(upload: Readable, truncated: () => boolean): Promise<MappingProposal & { format: ListFormat; encoding: string | null }> {
  // The first 64 KB say the format and the encoding; they are replayed in front of the rest.
  const head: Buffer[] = [];
  let length = 0;
  const iterator = upload[Symbol.asyncIterator]();
  while (length < 64 * 1024) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value as Buffer);
    length += (next.value as Buffer).length;
  }
  const first = Buffer.concat(head);
  if (first.length === 0 || first.includes(0) && formatOf(first) !== 'xlsx') throw new AppError(ScreeningErrors.SCREENING_FILE_UNREADABLE);
  const format = formatOf(first);
  const encoding = format === 'csv' ? detectEncoding(first) : null;
  const replay = new PassThrough();
  replay.write(first);
  void (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        if (!replay.write(next.value)) await new Promise((r) => replay.once('drain', r));
      }
      replay.end();
    } catch (err) {
      replay.destroy(err as Error);
    }
  })();
  const rows: Cell[][] = [];
  try {
    for await (const row of listRows(replay, format, encoding ?? 'utf-8')) {
      // Rows a reader skips (empty ones) keep their place, so the header line is the file's.
      while (rows.length < row.line - 1 && rows.length < SAMPLE_ROWS) rows.push([]);
      rows.push(row.cells);
      if (rows.length >= SAMPLE_ROWS) break;
    }
  } catch {
    // A CSV cut anywhere still gives its first rows; an XLSX cut by the size limit cannot be read.
    if (rows.length === 0) throw new AppError(format === 'xlsx' && truncated() ? ScreeningErrors.SCREENING_SAMPLE_TOO_LARGE : ScreeningErrors.SCREENING_FILE_UNREADABLE);
  } finally {
    replay.destroy();
    // The rest of the upload is drained (not kept) so the request completes.
    upload.resume();
  }
  if (rows.length === 0) throw new AppError(ScreeningErrors.SCREENING_FILE_UNREADABLE);
  return { ...proposeMapping(rows), format, encoding };
}
