import { createHash, randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../http/context.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { regionContains } from '../access/principal.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { citizens } from '../identity/identity.tables.ts';
import { files } from './files.tables.ts';
import type { FileStorage } from './files.storage.ts';
import { FILE_REVIEWER_ROLES } from './files.policy.ts';

/** Types accepted for upload, as sniffed from the content (the client's claim is ignored). */
export const ALLOWED_TYPES: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};
const SNIFF_BYTES = 4100;

export type FileRow = typeof files.$inferSelect;

/** Hashes, counts and keeps the first bytes of a stream as it passes to storage. */
class Inspector extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  private headParts: Buffer[] = [];
  private headLength = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.headLength < SNIFF_BYTES) {
      this.headParts.push(chunk.subarray(0, SNIFF_BYTES - this.headLength));
      this.headLength += Math.min(chunk.length, SNIFF_BYTES - this.headLength);
    }
    done(null, chunk);
  }
  head(): Buffer {
    return Buffer.concat(this.headParts);
  }
}

function ownerOf(principal: Principal): { ownerType: 'citizen' | 'staff'; ownerId: string } {
  if (principal.kind === 'citizen') return { ownerType: 'citizen', ownerId: principal.citizenId };
  if (principal.kind === 'staff') return { ownerType: 'staff', ownerId: principal.staffId };
  throw new AppError(CommonErrors.FORBIDDEN);
}

/**
 * Stores an upload: streams it to storage while hashing it, then checks the sniffed type against
 * the allow-list. Oversize (413) and disallowed types (415) leave nothing behind.
 */
export async function storeUpload(
  ctx: AppContext,
  storage: FileStorage,
  principal: Principal,
  content: Readable,
  isTruncated: () => boolean,
  options: {
    /** The type of the content from its first bytes, or null to refuse it (default: file-type against ALLOWED_TYPES). */
    sniff?: (head: Buffer) => string | null;
    maxBytes?: number;
  } = {},
): Promise<FileRow> {
  const maxBytes = options.maxBytes ?? ctx.config.uploadMaxBytes;
  const owner = ownerOf(principal);
  const id = randomUUID();
  const inspector = new Inspector();
  try {
    await storage.put(id, content.pipe(inspector));
  } catch (err) {
    await storage.remove(id);
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(CommonErrors.PAYLOAD_TOO_LARGE, { maxBytes });
    throw err;
  }
  try {
    if (isTruncated()) throw new AppError(CommonErrors.PAYLOAD_TOO_LARGE, { maxBytes });
    if (inspector.size === 0) throw new AppError(CommonErrors.VALIDATION_FAILED, { reason: 'empty file' });
    let sniffed: { mime: string } | undefined;
    if (options.sniff) {
      const mime = options.sniff(inspector.head());
      if (!mime) throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
      sniffed = { mime };
    } else {
      // file-type (and its tokenizers) loads on the first upload, not at start-up.
      const { fileTypeFromBuffer } = await import('file-type');
      sniffed = await fileTypeFromBuffer(inspector.head());
      if (!sniffed || !(sniffed.mime in ALLOWED_TYPES)) throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, { allowed: Object.keys(ALLOWED_TYPES) });
    }
    let regionCode: string | null = null;
    if (principal.kind === 'staff') regionCode = principal.regionCode || null;
    else if (principal.kind === 'citizen') {
      const [c] = await ctx.db.select({ division: citizens.householdDivision }).from(citizens).where(eq(citizens.id, principal.citizenId));
      regionCode = c?.division ?? null;
    }
    const [row] = await ctx.db
      .insert(files)
      .values({ id, ...owner, regionCode, mimeType: sniffed.mime, size: inspector.size, sha256: inspector.hash.digest('hex'), storageKey: id })
      .returning();
    return row;
  } catch (err) {
    await storage.remove(id);
    throw err;
  }
}

/**
 * A file the principal may read: its owner, or a reviewing officer whose region contains the
 * file's region (that access to someone else's document is audited). Anyone else gets NOT_FOUND.
 */
export async function readableFile(ctx: AppContext, principal: Principal, id: string, meta: { ip: string; requestId: string }): Promise<FileRow> {
  const [row] = await ctx.db.select().from(files).where(eq(files.id, id));
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  const owner = principal.kind === 'citizen' || principal.kind === 'staff' ? ownerOf(principal) : null;
  if (owner && owner.ownerType === row.ownerType && owner.ownerId === row.ownerId) return row;
  if (principal.kind !== 'staff' || !principal.roles.some((r) => (FILE_REVIEWER_ROLES as readonly string[]).includes(r))) throw new AppError(CommonErrors.NOT_FOUND);
  if (!regionContains(principal.regionCode, row.regionCode)) throw new AppError(CommonErrors.NOT_FOUND);
  await recordAudit(ctx.db, {
    actor: principal,
    action: 'files.file.read',
    subjectType: 'file',
    subjectId: row.id,
    regionCode: row.regionCode,
    detail: { ownerType: row.ownerType, ownerId: row.ownerId, mimeType: row.mimeType },
    ip: meta.ip,
    requestId: meta.requestId,
  });
  return row;
}
