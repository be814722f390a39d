import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../src/platform/db/database.ts';
import { createApiClient } from '../src/platform/identity/api-clients.service.ts';
import type { Principal } from '../src/platform/access/principal.ts';
import type { TestApp } from './support.ts';

/** A real PNG signature padded with content (what file-type sniffs as image/png). */
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(600, 7)]);

/** Uploads a file through POST /api/files (multipart built by hand for app.inject); answers the file id. */
export async function uploadFile(t: TestApp, headers: Record<string, string>, content: Buffer = PNG, name = 'photo.png'): Promise<string> {
  const boundary = `----fx${randomUUID()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({ method: 'POST', url: '/api/files', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** Creates an API client (as a deployment-wide administrator) and answers its key. */
export async function apiKey(t: TestApp, permissions: string[], regionCode?: string): Promise<string> {
  const admin = { kind: 'staff', staffId: randomUUID(), sessionId: 'test', username: 'test', roles: ['sys_admin'], department: 'test', regionCode: '', venueId: null } as const satisfies Principal;
  const client = await createApiClient(t.app.ctx, admin, { name: `open311 ${permissions.join(',')}`, permissions, ...(regionCode ? { regionCode } : {}) }, { ip: '127.0.0.1', requestId: 'test' });
  return client.key;
}

/** Audit records of an action (newest last). */
export async function auditOf(t: TestApp, action: string, subjectId?: string) {
  return rows<{ actor_type: string; actor_id: string; subject_id: string | null; detail: Record<string, unknown> }>(
    t.database.db,
    subjectId
      ? sql`select actor_type, actor_id, subject_id, detail from audit_log where action = ${action} and subject_id = ${subjectId} order by seq`
      : sql`select actor_type, actor_id, subject_id, detail from audit_log where action = ${action} order by seq`,
  );
}
