import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { asc } from 'drizzle-orm';
import { appendAudit, appendAuditMany, recordAudit, verifyAuditChain } from '../src/platform/audit/audit.service.ts';
import { GENESIS_HASH, chainHash } from '../src/platform/audit/audit.chain.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { verifyAuditCommand } from '../src/cli/verify-audit.ts';
import { rows } from '../src/platform/db/database.ts';

describe('audit trail: search, verification, tamper detection', { timeout: 60_000 }, () => {
  let t: TestApp;
  let admin: SignedIn & { username: string };
  let supervisor: SignedIn;
  let countyOfficer: SignedIn & { username: string };
  let health: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    const ctx = t.app.ctx;
    admin = await createStaff(ctx, { roles: ['sys_admin'], regionCode: '510600' });
    supervisor = await createStaff(ctx, { roles: ['supervision'], regionCode: '510603' });
    countyOfficer = await createStaff(ctx, { roles: ['county_command'], regionCode: '510603' });
    health = await createStaff(ctx, { roles: ['health'], regionCode: '510600' });
    const citizen = await createCitizen(ctx, { name: '张三', idNumber: '510603199001011234' });
    // Some audited actions, in and out of county 510603, one carrying personal data by mistake.
    await ctx.db.transaction(async (tx) => {
      await appendAudit(tx, { actor: { kind: 'system', id: 'seed' }, action: 'admin-staff.staff.create', subjectType: 'staff', subjectId: countyOfficer.id, regionCode: '510603' });
      await appendAudit(tx, { actor: { kind: 'system', id: 'seed' }, action: 'person.read', subjectType: 'citizen', subjectId: citizen.id, regionCode: '510603', detail: { fields: ['name', 'idNumber'], at: new Date('2026-01-01T00:00:00Z') } });
    });
    await recordAudit(ctx.db, { actor: { kind: 'system', id: 'seed' }, action: 'person.read', subjectType: 'citizen', subjectId: 'c-2', regionCode: '510681', detail: { name: '李四', note: 'called 13812345678 about 510603199001011234' } });
    await recordAudit(ctx.db, { actor: { kind: 'system', id: 'seed' }, action: 'auth.signin', subjectType: 'staff', subjectId: admin.id, ip: '10.1.2.3' });
  }, 60_000);
  afterAll(async () => t.close());

  const search = (who: SignedIn, query = '') => t.app.inject({ url: `/api/admin/audit${query}`, headers: who.headers });
  const verify = (who: SignedIn) => t.app.inject({ method: 'POST', url: '/api/admin/audit/verify', headers: who.headers });

  it('names staff actors and subjects, and citizens only masked', async () => {
    const first = await search(admin, '?action=admin-staff.staff.create');
    const created = first.json().items.find((r: { subjectId: string }) => r.subjectId === countyOfficer.id);
    expect(created).toMatchObject({ subjectName: `${countyOfficer.username} (${countyOfficer.username})`, actorName: null });
    const people = await search(admin, '?action=person.read&subjectType=citizen');
    const read = people.json().items.find((r: { regionCode: string }) => r.regionCode === '510603');
    expect(read.subjectName).toBe('张*');
    expect(people.body).not.toContain('张三');
    const searches = await search(admin, '?action=audit.trail.search');
    expect(searches.json().items.find((r: { actorId: string }) => r.actorId === admin.id)?.actorName).toBe(`${admin.username} (${admin.username})`);
  });

  it('documents the audit, job and file routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    for (const path of ['/api/admin/audit', '/api/admin/audit/verify', '/api/jobs/{id}', '/api/jobs/{id}/events', '/api/files', '/api/files/{id}']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.paths['/api/admin/audit'].get.description).toContain('audit.trail.search');
  });

  it('lets only sys_admin and supervision search and verify', async () => {
    expect((await search(health)).statusCode).toBe(403);
    expect((await verify(countyOfficer)).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/admin/audit' })).statusCode).toBe(401);
    expect((await search(admin)).statusCode).toBe(200);
  });

  it('filters by subject, actor, action and time, newest first, without personal data', async () => {
    const res = await search(admin, '?subjectType=citizen&action=person.read');
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items.map((i: { regionCode: string }) => i.regionCode)).toEqual(['510681', '510603']);
    const body = res.body;
    expect(body).not.toContain('李四');
    expect(body).not.toContain('13812345678');
    expect(body).not.toContain('510603199001011234');
    expect(items[0].detail).toEqual({ name: '[redacted]', note: 'called 138****5678 about 5106**********1234' });
    expect(items[1].detail.fields).toEqual(['name', 'idNumber']);

    const signin = (await search(admin, '?action=auth.*')).json().items;
    expect(signin).toHaveLength(1);
    expect(signin[0].ip).toBe('10.1.2.*');
    expect((await search(admin, `?actorId=seed&subjectId=${countyOfficer.id}`)).json().items).toHaveLength(1);
    expect((await search(admin, '?from=2099-01-01T00:00:00Z')).json().items).toHaveLength(0);
    expect((await search(admin, `?to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&actorId=seed`)).json().items).toHaveLength(4);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const first = (await search(admin, '?actorId=seed&limit=3')).json();
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toBe(String(first.items[2].seq));
    const second = (await search(admin, `?actorId=seed&limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const seqs = [...first.items, ...second.items].map((i: { seq: number }) => i.seq);
    expect(new Set(seqs).size).toBe(4);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
  });

  it('limits a county supervisor to the county and hides unregioned records from them', async () => {
    const items = (await search(supervisor, '?actorId=seed')).json().items;
    expect(items.map((i: { regionCode: string }) => i.regionCode)).toEqual(['510603', '510603']);
  });

  it('records the search itself', async () => {
    await search(supervisor, '?subjectType=staff');
    const own = (await search(admin, `?actorId=${supervisor.id}&action=audit.trail.search`)).json().items;
    expect(own.length).toBeGreaterThan(0);
    expect(own[0].detail.filters).toEqual({ subjectType: 'staff' });
  });

  it('rejects bad queries with a clear error', async () => {
    for (const q of ['?from=yesterday', '?cursor=-1', '?limit=1000', "?action=x';drop"]) {
      const res = await search(admin, q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('verifies an intact chain, then finds an altered row at its seq (API and CLI), then a deleted row', async () => {
    const ok = await verify(supervisor);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true });
    expect(ok.json().checked).toBeGreaterThanOrEqual(4);
    const lines: string[] = [];
    expect(await verifyAuditCommand(t.database.db, (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toContain('intact');

    const [victim] = await rows<{ seq: string | number }>(t.database.db, sql`select seq from audit_log where action = 'admin-staff.staff.create'`);
    const seq = Number(victim.seq);
    await t.database.db.execute(sql`update audit_log set actor_id = 'someone-else' where seq = ${seq}`);
    const broken = (await verify(admin)).json();
    expect(broken).toEqual({ ok: false, checked: seq - 1, brokenAt: { seq, reason: 'hash_mismatch' } });
    lines.length = 0;
    expect(await verifyAuditCommand(t.database.db, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain(`BROKEN at seq ${seq}`);
    // The failed verification is itself on record.
    const verifications = (await search(admin, '?action=audit.chain.verify')).json().items;
    expect(verifications[0]).toMatchObject({ outcome: 'failed', detail: { brokenAt: { seq, reason: 'hash_mismatch' } } });

    // Put it back: intact again. Then delete a later row.
    await t.database.db.execute(sql`update audit_log set actor_id = 'seed' where seq = ${seq}`);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
    await t.database.db.execute(sql`delete from audit_log where seq = ${seq + 1}`);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: false, brokenAt: { seq: seq + 1, reason: 'link_mismatch' } });
  });
});

describe('audit chain on its own database', { timeout: 60_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(async () => t.close());

  it('detects rows removed from the end, a deleted head, and keeps appends during verification out of the way', async () => {
    const db = t.database.db;
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 0, total: 0 });
    for (let i = 0; i < 5; i++) await recordAudit(db, { actor: { kind: 'system', id: 'test' }, action: 'test.event', detail: { i } });
    // Concurrent appends while verifying: never a false break.
    const [verdict] = await Promise.all([
      verifyAuditChain(db, 2),
      ...Array.from({ length: 5 }, (_, i) => recordAudit(db, { actor: { kind: 'system', id: 'test' }, action: 'test.event', detail: { i: i + 5 } })),
    ]);
    expect(verdict.ok).toBe(true);
    expect(await verifyAuditChain(db, 3)).toEqual({ ok: true, checked: 10, total: 10 });
    await db.execute(sql`delete from audit_log where seq in (9, 10)`);
    expect(await verifyAuditChain(db, 3)).toMatchObject({ ok: false, checked: 8, brokenAt: { seq: 9, reason: 'link_mismatch' } });
    await db.execute(sql`delete from audit_head`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: { seq: 9 } });
  });

  it('appends several records at once with the same chain as one by one, interleaved with single appends', { timeout: 60_000 }, async () => {
    const t2 = await createTestApp();
    try {
      const db = t2.database.db;
      const entry = (i: number) => ({ actor: { kind: 'system' as const, id: 'batch' }, action: 'test.batch', subjectType: 'ticket', subjectId: `t-${i}`, regionCode: '510603', detail: { i } });
      // First use of the chain (no head yet) through the batch append.
      const first = await t2.database.db.transaction((tx) => appendAuditMany(tx, [entry(1), entry(2), entry(3)]));
      expect(first).toEqual([1, 2, 3]);
      expect(await recordAudit(db, entry(4))).toBe(4);
      expect(await db.transaction((tx) => appendAuditMany(tx, []))).toEqual([]);
      const [a, b, c] = await Promise.all([
        db.transaction((tx) => appendAuditMany(tx, [entry(5), entry(6)])),
        db.transaction((tx) => appendAuditMany(tx, [entry(7), entry(8), entry(9)])),
        recordAudit(db, entry(10)),
      ]);
      expect([...a, ...b, c].sort((x, y) => x - y)).toEqual([5, 6, 7, 8, 9, 10]);
      // Each batch's records are consecutive (one head lock for the batch).
      expect(a[1] - a[0]).toBe(1);
      expect([b[1] - b[0], b[2] - b[1]]).toEqual([1, 1]);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 10, total: 10 });
      // The stored rows hash exactly as the same contents appended one by one would.
      const rows = await db.select().from(auditLog).orderBy(asc(auditLog.seq));
      let prev = GENESIS_HASH;
      for (const row of rows) {
        expect(row.prevHash).toBe(prev);
        expect(row.hash).toBe(chainHash(prev, row.seq, { ...row, detail: row.detail ?? {} }));
        prev = row.hash;
      }
      // A batch rolled back with its transaction leaves the chain as it was.
      await expect(db.transaction(async (tx) => {
        await appendAuditMany(tx, [entry(11), entry(12)]);
        throw new Error('rollback');
      })).rejects.toThrow('rollback');
      expect(await recordAudit(db, entry(13))).toBe(11);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 11, total: 11 });
    } finally {
      await t2.close();
    }
  });

  it('keeps appending a valid chain from many concurrent writers', { timeout: 60_000 }, async () => {
    const t2 = await createTestApp();
    try {
      await Promise.all(Array.from({ length: 40 }, (_, i) => recordAudit(t2.database.db, { actor: { kind: 'system', id: 'w' }, action: 'test.concurrent', detail: { i } })));
      expect(await verifyAuditChain(t2.database.db)).toEqual({ ok: true, checked: 40, total: 40 });
    } finally {
      await t2.close();
    }
  });
});
