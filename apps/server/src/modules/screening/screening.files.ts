import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/http/context.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { LocalDiskStorage, type FileStorage } from '../../platform/files/files.storage.ts';
import { storeUpload, type FileRow } from '../../platform/files/files.service.ts';
import { files } from '../../platform/files/files.tables.ts';
import { detectEncoding, formatOf, readHead, type ListFormat } from './screening.readers.ts';

/** Uploaded lists live in the platform's file store (platform/files), beside every other upload. */

export const CSV_MIME = 'text/csv';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file store of an app: local disk under the data directory (as the files routes use). */
export function storageOf(ctx: AppContext): FileStorage {
  return new LocalDiskStorage(join(ctx.config.dataDir, 'files'));
}

/** A list's type from its first bytes: XLSX (a ZIP), or text taken as CSV; binary content is refused. */
export function sniffList(head: Buffer): string | null {
  if (formatOf(head) === 'xlsx') return XLSX_MIME;
  // Text: no NUL bytes (UTF-16 files have them, and are not accepted).
  return head.includes(0) ? null : CSV_MIME;
}

/** Stores an uploaded list through the platform's files service. */
export async function storeList(ctx: AppContext, principal: Principal, content: Readable, isTruncated: () => boolean): Promise<FileRow> {
  return storeUpload(ctx, storageOf(ctx), principal, content, isTruncated, { sniff: sniffList, maxBytes: ctx.config.screeningUploadMaxBytes });
}

/** An uploaded list ready to stream: its format, its encoding (CSV) and size. */
export interface ListFile {
  format: ListFormat;
  encoding: string;
  size: number;
  open(): Readable;
}

export async function openListFile(ctx: AppContext, fileId: string): Promise<ListFile> {
  const [row] = await ctx.db.select().from(files).where(eq(files.id, fileId));
  if (!row) throw new Error(`screening: file ${fileId} is gone`);
  const storage = storageOf(ctx);
  const format: ListFormat = row.mimeType === XLSX_MIME ? 'xlsx' : 'csv';
  const encoding = format === 'csv' ? detectEncoding(await readHead(storage.open(row.storageKey))) : 'utf-8';
  return { format, encoding, size: row.size, open: () => storage.open(row.storageKey) };
}

/** Drops an upload that turned out to be a list already imported (its content is stored once). */
export async function discardList(ctx: AppContext, file: FileRow): Promise<void> {
  await ctx.db.delete(files).where(eq(files.id, file.id));
  await storageOf(ctx).remove(file.storageKey);
}
