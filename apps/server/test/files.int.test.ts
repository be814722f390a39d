import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { rows } from '../src/platform/db/database.ts';

// Real file signatures (the first bytes file-type sniffs), padded with content.
const pad = (head: number[] | string, size = 600) => {
  const start = typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head);
  return Buffer.concat([start, Buffer.alloc(Math.max(0, size - start.length), 7)]);
};
const PNG = pad([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = pad([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const WEBP = pad('RIFF\x00\x00\x00\x00WEBPVP8 ');
const PDF = pad('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n');
const GIF = pad('GIF89a');
const HTML = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
const EXE = pad('MZ\x90\x00');

describe('files: upload and download', { timeout: 60_000 }, () => {
  let t: TestApp;
  let dataDir: string;
  let baseUrl: string;
  let citizen: SignedIn;
  let other: SignedIn;
  let reviewer: SignedIn;
  let outsideReviewer: SignedIn;
  let editor: SignedIn;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fx-files-'));
    t = await createTestApp({ dataDir, uploadMaxBytes: 4096 });
    citizen = await createCitizen(t.app.ctx, { name: '王五', householdDivision: '510603' });
    other = await createCitizen(t.app.ctx);
    reviewer = await createStaff(t.app.ctx, { roles: ['service_center'], regionCode: '510603' });
    outsideReviewer = await createStaff(t.app.ctx, { roles: ['service_center'], regionCode: '510681' });
    editor = await createStaff(t.app.ctx, { roles: ['editor'], regionCode: '510600' });
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function upload(who: Record<string, string> | null, content: Buffer, name = 'photo.png', claimed = 'image/png') {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)], { type: claimed }), name);
    const res = await fetch(`${baseUrl}/api/files`, { method: 'POST', body: form, headers: who ?? {} });
    return { status: res.status, body: await res.json() };
  }
  /** Every stored content file (excluding the tmp folder). */
  const storedFiles = () => {
    const root = join(dataDir, 'files');
    try {
      return readdirSync(root).filter((d) => d !== 'tmp').flatMap((d) => readdirSync(join(root, d)));
    } catch {
      return [];
    }
  };
  const tmpFiles = () => {
    try {
      return readdirSync(join(dataDir, 'files', 'tmp'));
    } catch {
      return [];
    }
  };

  it.each([
    ['png', PNG, 'image/png'],
    ['jpeg', JPEG, 'image/jpeg'],
    ['webp', WEBP, 'image/webp'],
    ['pdf', PDF, 'application/pdf'],
  ])('accepts a %s and records its sniffed type, size and sha256', async (_name, content, mime) => {
    const res = await upload(citizen.headers, content, 'upload.bin', 'application/octet-stream');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mimeType: mime, size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
    expect(storedFiles()).toContain(res.body.id);
  });

  it('rejects disallowed content with 415 whatever the name and claimed type, keeping nothing', async () => {
    const before = storedFiles().length;
    for (const content of [GIF, HTML, EXE, Buffer.from('plain text, not an image')]) {
      const res = await upload(citizen.headers, content, 'innocent.png', 'image/png');
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.details.allowed).toEqual(['image/png', 'image/jpeg', 'image/webp', 'application/pdf']);
    }
    expect(storedFiles()).toHaveLength(before);
    expect(tmpFiles()).toEqual([]);
  });

  it('rejects an oversize file with 413, keeping nothing', async () => {
    const before = storedFiles().length;
    const [{ count: rowsBefore }] = await rows<{ count: number }>(t.database.db, sql`select count(*)::int as count from files`);
    const res = await upload(citizen.headers, pad([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 10_000));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(storedFiles()).toHaveLength(before);
    expect(tmpFiles()).toEqual([]);
    const [{ count: rowsAfter }] = await rows<{ count: number }>(t.database.db, sql`select count(*)::int as count from files`);
    expect(rowsAfter).toBe(rowsBefore);
  });

  it('rejects a request without a file, a non-multipart body, and anonymous or cookie-without-CSRF callers', async () => {
    const empty = await fetch(`${baseUrl}/api/files`, { method: 'POST', body: new FormData(), headers: citizen.headers });
    expect(empty.status).toBe(400);
    const json = await t.app.inject({ method: 'POST', url: '/api/files', headers: citizen.headers, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect((await upload(null, PNG)).status).toBe(401);
    const { 'x-csrf-token': _csrf, ...cookieOnly } = citizen.cookieHeaders;
    expect((await upload(cookieOnly, PNG)).body.code).toBe('CSRF_FAILED');
    expect((await upload(citizen.cookieHeaders, PNG)).status).toBe(201);
  });

  it('serves a file to its owner with its type, content-disposition and nosniff', async () => {
    const { body } = await upload(citizen.headers, PDF, 'report.pdf', 'application/pdf');
    const res = await fetch(`${baseUrl}/api/files/${body.id}`, { headers: citizen.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${body.id}.pdf"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);

    const image = (await upload(citizen.headers, PNG)).body;
    const img = await fetch(`${baseUrl}/api/files/${image.id}`, { headers: citizen.headers });
    expect(img.headers.get('content-disposition')).toBe(`inline; filename="${image.id}.png"`);
  });

  it('serves a citizen\'s file to a reviewing officer in region (audited), and to nobody else', async () => {
    const { body } = await upload(citizen.headers, JPEG, 'id-card.jpg', 'image/jpeg');
    const url = `/api/files/${body.id}`;
    expect((await t.app.inject({ url, headers: reviewer.headers })).statusCode).toBe(200);
    for (const who of [other, outsideReviewer, editor]) {
      const res = await t.app.inject({ url, headers: who.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect((await t.app.inject({ url })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/files/00000000-0000-4000-8000-000000000000', headers: citizen.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/files/..%2F..%2Fetc%2Fpasswd', headers: citizen.headers })).statusCode).toBe(400);
    const audit = await rows<{ actor_id: string; detail: { ownerId: string } }>(t.database.db, sql`select actor_id, detail from audit_log where action = 'files.file.read' and subject_id = ${body.id}`);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(reviewer.id);
    expect(audit[0].detail.ownerId).toBe(citizen.id);
  });

  it('stores content only under the data directory', async () => {
    const { body } = await upload(other.headers, WEBP, 'x.webp', 'image/webp');
    const [row] = await rows<{ storage_key: string; owner_type: string; region_code: string | null }>(t.database.db, sql`select storage_key, owner_type, region_code from files where id = ${body.id}`);
    expect(row).toEqual({ storage_key: body.id, owner_type: 'citizen', region_code: null });
    expect(readdirSync(join(dataDir, 'files', body.id.slice(0, 2)))).toContain(body.id);
  });
});
