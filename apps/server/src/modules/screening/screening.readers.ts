import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import type { Cell } from './screening.rows.ts';

/**
 * Streaming readers of uploaded lists: CSV (UTF-8 or GBK/GB18030, with or without a BOM) and XLSX
 * (the first worksheet). Both yield one row at a time with its row number (the header is row 1), so a
 * file of any size passes through in constant memory.
 */

export interface SheetRow {
  /** Row number in the file, the header being row 1 (what a spreadsheet shows). */
  line: number;
  cells: Cell[];
}

export type ListFormat = 'csv' | 'xlsx';

/** XLSX files are ZIP archives: they start with PK\x03\x04. */
export function formatOf(head: Buffer): ListFormat {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04 ? 'xlsx' : 'csv';
}

/**
 * The text encoding of a CSV's first bytes: a BOM says it; bytes that are valid UTF-8 are UTF-8;
 * anything else is taken as GB18030 (the superset of GBK that Chinese spreadsheet software writes).
 */
export function detectEncoding(head: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    // stream: true leaves a character cut at the end of the sample undecoded instead of failing.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Reads the first `bytes` of a stream (then destroys it). */
export async function readHead(stream: Readable, bytes = 64 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

/** Rows of a CSV stream, decoded from `encoding` (the BOM, if any, is dropped). */
export async function* csvRows(stream: Readable, encoding: string): AsyncGenerator<SheetRow> {
  const decoded = stream.pipe(iconv.decodeStream(encoding, { stripBOM: true }));
  const parser = decoded.pipe(
    parse({ bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_empty_values: true }),
  );
  stream.on('error', (err) => parser.destroy(err));
  try {
    // info.lines: the file line the record ends on (a quoted field may span lines; blank lines count).
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: info.lines, cells: record };
    }
  } finally {
    stream.destroy();
  }
}

/** Rows of the first worksheet of an XLSX stream (values: text, numbers, dates; formulas as their results). */
export async function* xlsxRows(stream: Readable): AsyncGenerator<SheetRow> {
  // Loaded on the first XLSX list: the import's worker thread reading a CSV does not carry it.
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
        if (cells.every((c) => c === null || c === '')) continue;
        yield { line: row.number, cells };
      }
      break; // the first worksheet only
    }
  } finally {
    stream.destroy();
  }
}

function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: string; result?: unknown; hyperlink?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
  }
  return String(v);
}

/** Rows of a list of either format. */
export function listRows(stream: Readable, format: ListFormat, encoding: string): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? xlsxRows(stream) : csvRows(stream, encoding);
}
