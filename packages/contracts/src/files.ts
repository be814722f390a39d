import { Type, type Static } from 'typebox';

/** Types accepted by POST /api/files (sniffed from the content). */
export const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'] as const;

/** An uploaded file's metadata, as POST /api/files answers it. */
export const StoredFile = Type.Object({
  id: Type.String({ format: 'uuid' }),
  mimeType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type StoredFile = Static<typeof StoredFile>;
