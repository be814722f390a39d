import { join } from 'node:path';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { ErrorBodySchema } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../http/context.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import { LocalDiskStorage, type FileStorage } from './files.storage.ts';
import { ALLOWED_TYPES, readableFile, storeUpload, type FileRow } from './files.service.ts';
import { FileActions } from './files.policy.ts';
import { StoredFile } from '@fangxian/contracts/files';

function presentFile(row: FileRow) {
  return { id: row.id, mimeType: row.mimeType, size: row.size, sha256: row.sha256, createdAt: row.createdAt.toISOString() };
}

/** File upload and download. `storage` defaults to local disk under the data directory. */
export function fileRoutesWith(storageOf: (ctx: AppContext) => FileStorage) {
  return async function fileRoutes(api: App, ctx: AppContext): Promise<void> {
    // multipart/form-data is parsed here only: the plugin hooks every request of its scope (an async
    // onRequest and onResponse to clean temporary files), which the rest of the API has no use for.
    await api.register(async (scope) => {
      await scope.register(multipart, { limits: { fileSize: ctx.config.uploadMaxBytes, files: 5, fields: 20 } });
      fileRoutesIn(scope as App, ctx, storageOf(ctx));
    });
  };
}

/** The upload and download routes, in the scope that parses multipart bodies. */
function fileRoutesIn(app: App, ctx: AppContext, storage: FileStorage): void {
  app.post(
    '/files',
    {
      config: { action: FileActions['files.file.upload'] },
      schema: {
        tags: ['files'],
        summary: `Upload one file (multipart/form-data, field "file"): ${Object.keys(ALLOWED_TYPES).join(', ')}; the type is sniffed from the content`,
        consumes: ['multipart/form-data'],
        response: { 201: StoredFile, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 413: ErrorBodySchema, 415: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, { expected: 'multipart/form-data' });
      const part = await request.file({ limits: { fileSize: ctx.config.uploadMaxBytes, files: 1 } });
      if (!part) throw new AppError(CommonErrors.VALIDATION_FAILED, { reason: 'no file in the form' });
      const row = await storeUpload(ctx, storage, request.principal!, part.file, () => part.file.truncated);
      return reply.status(201).send(presentFile(row));
    },
  );

  app.get(
    '/files/:id',
    {
      config: { action: FileActions['files.file.read'] },
      schema: {
        tags: ['files'],
        summary: 'Download a file (its owner, or a reviewing officer in the file\'s region)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        produces: Object.keys(ALLOWED_TYPES),
        response: { 200: Type.Any({ description: 'the file content' }), 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const row = await readableFile(ctx, request.principal!, request.params.id, { ip: request.ip, requestId: request.id });
      if (!(await storage.exists(row.storageKey))) throw new AppError(CommonErrors.NOT_FOUND);
      const ext = ALLOWED_TYPES[row.mimeType] ?? 'bin';
      const disposition = row.mimeType.startsWith('image/') ? 'inline' : 'attachment';
      reply
        .type(row.mimeType)
        .header('content-length', String(row.size))
        .header('content-disposition', `${disposition}; filename="${row.id}.${ext}"`)
        .header('x-content-type-options', 'nosniff')
        // Personal documents: never cached by shared caches; never able to run script if opened directly.
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('etag', `"${row.sha256}"`);
      return reply.send(storage.open(row.storageKey));
    },
  );
}

/** The files routes with local-disk storage under `${dataDir}/files`. */
export const fileRoutes = fileRoutesWith((ctx) => new LocalDiskStorage(join(ctx.config.dataDir, 'files')));
