import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { AppContext } from '../../platform/http/context.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { LocalDiskStorage } from '../../platform/files/files.storage.ts';
import { storeUpload, type FileRow } from '../../platform/files/files.service.ts';
import { files } from '../../platform/files/files.tables.ts';
import { detectEncoding, formatOf, readHead, type ListFormat } from './screening.readers.ts';
import { screeningImports } from './screening.tables.ts';

/** Uploaded lists live in the platform's file store (platform/files), beside every other upload. */

export const CSV_MIME = 'text/csv';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file store of an app: local disk under the data directory (as the files routes use). */
export function storageOf(ctx: AppContext): LocalDiskStorage {
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
  /** Where the content is (the import's worker thread opens it there: LocalDiskStorage). */
  storageRoot: string;
  storageKey: string;
}

export async function openListFile(ctx: AppContext, fileId: string): Promise<ListFile> {
  const [row] = await ctx.db.select().from(files).where(eq(files.id, fileId));
  if (!row) throw new Error(`screening: file ${fileId} is gone`);
  const storage = storageOf(ctx);
  const format: ListFormat = row.mimeType === XLSX_MIME ? 'xlsx' : 'csv';
  const encoding = format === 'csv' ? detectEncoding(await readHead(storage.open(row.storageKey))) : 'utf-8';
  return { format, encoding, size: row.size, open: () => storage.open(row.storageKey), storageRoot: storage.root, storageKey: row.storageKey };
}

/** Drops an upload that turned out to be a list already imported (its content is stored once). */
export async function discardList(ctx: AppContext, file: FileRow): Promise<void> {
  await ctx.db.delete(files).where(eq(files.id, file.id));
  await storageOf(ctx).remove(file.storageKey);
}

/** Removes a stored list by id (its content first, then its row: a crash in between leaves a row the next purge finishes). */
export async function removeListFile(ctx: AppContext, fileId: string): Promise<void> {
  const [row] = await ctx.db.select({ storageKey: files.storageKey }).from(files).where(eq(files.id, fileId));
  if (!row) return;
  await storageOf(ctx).remove(row.storageKey);
  await ctx.db.delete(files).where(eq(files.id, fileId));
}

/**
 * Retention of uploaded lists (FX_SCREENING_LIST_RETENTION_DAYS): the raw file of every import that
 * finished (succeeded, failed or cancelled) longer ago than that is deleted from the file store. What was
 * imported from it (persons, reports, rejected rows, all encrypted) stays; a failed or cancelled import
 * resumes from a new upload of the same file. Idempotent: a run cut short is finished by the next.
 */
export async function purgeExpiredLists(ctx: AppContext, now = new Date()): Promise<number> {
  const days = ctx.config.screeningListRetentionDays;
  if (days <= 0) return 0;
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  let purged = 0;
  for (;;) {
    const due = await ctx.db
      .select({ fileId: files.id })
      .from(screeningImports)
      .innerJoin(files, eq(files.id, screeningImports.fileId))
      .where(and(inArray(screeningImports.status, ['succeeded', 'failed', 'cancelled']), lt(screeningImports.finishedAt, cutoff)))
      .limit(200);
    if (due.length === 0) return purged;
    for (const { fileId } of due) await removeListFile(ctx, fileId);
    purged += due.length;
  }
}
