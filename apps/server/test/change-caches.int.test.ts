import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, onPostgresServer, openTestDatabase, type TestApp } from './support.ts';
import { officer, realNamedCitizen } from './health-code.support.ts';
import { generateSigningKey, newCodeId, signToken } from '../src/modules/health-code/health-code.tokens.ts';
import { verifyCodeToken } from '../src/modules/health-code/index.ts';
import { stampRiskAreaChange } from '../src/modules/health-code/health-code.repository.ts';
import type { Database } from '../src/platform/db/database.ts';

// Two instances on one database. Each holds the trusted issuers' keys and the risk-area registry's
// stamp in memory (ChangeCaches, no time-based lifetime): a change committed anywhere — through the
// other instance, or straight in SQL — must be seen by the next request, through the change feed.
describe('change-invalidated caches across instances', { timeout: 120_000 }, () => {
  let database: Database;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    database = await openTestDatabase();
    a = await createTestApp({}, database);
    b = await createTestApp({}, database);
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.close();
  });

  /** Retries while a PostgreSQL server's notification is on its way (PGlite delivers it during the COMMIT). */
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; onPostgresServer && !done(value) && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 25));
      value = await read();
    }
    return value;
  }

  it('an issuer key trusted and then revoked through B is accepted and then refused by A at once', async () => {
    const admin = await officer(b, ['sys_admin'], '');
    const elsewhere = generateSigningKey('ed25519');
    const now = Math.floor(Date.now() / 1000);
    const token = () => signToken({ v: 1, iss: 'fx-mianyang', kid: elsewhere.kid, cid: newCodeId(), c: 'green', iat: now, exp: now + 180 }, elsewhere.privateKeyPem, 'ed25519');
    expect(await verifyCodeToken(a.app.ctx, token())).toMatchObject({ ok: false, reason: 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER' }); // A holds the list now

    const added = await b.app.inject({
      method: 'POST', url: '/api/admin/health-code/trusted-issuers', headers: admin.headers,
      payload: { issuer: 'fx-mianyang', kid: elsewhere.kid, algorithm: 'ed25519', publicKeyPem: elsewhere.publicKeyPem, name: '绵阳市' },
    });
    expect(added.statusCode, added.body).toBe(202);
    const checker = await officer(b, ['sys_admin'], '');
    const approved = await b.app.inject({ method: 'POST', url: `/api/admin/health-code/trusted-issuers/proposals/${added.json().id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await eventually(() => verifyCodeToken(a.app.ctx, token()), (r) => r.ok)).toMatchObject({ ok: true, issuer: '绵阳市' });

    const trusted = (await b.app.inject({ url: '/api/admin/health-code/trusted-issuers', headers: admin.headers })).json().find((i: { issuer: string }) => i.issuer === 'fx-mianyang');
    const removed = await b.app.inject({ method: 'DELETE', url: `/api/admin/health-code/trusted-issuers/${trusted.id}`, headers: admin.headers });
    expect(removed.statusCode).toBe(204);
    expect(await eventually(() => verifyCodeToken(a.app.ctx, token()), (r) => !r.ok)).toMatchObject({ ok: false, reason: 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER' });
  });

  it('a risk area published elsewhere is seen by the next code view on A', async () => {
    const c = await realNamedCitizen(a, '510681', '赵六');
    const view = () => a.app.inject({ url: '/api/health/code', headers: c.headers }).then((r) => r.json());
    expect((await view()).colour).toBe('green'); // computed on first use
    expect((await view()).colour).toBe('green'); // stored and up to date: A holds the registry's stamp now

    // What a registry change does, without marking anybody's code due: only the registry's changed
    // stamp (cached on A) tells A the code is out of date.
    await database.db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into risk_areas (division_code, division_name, level, start_date, reason, created_by, updated_by)
            values ('510681', '广汉市', 'high', (now() at time zone 'Asia/Shanghai')::date - 1, 'test', ${randomUUID()}, ${randomUUID()})`,
      );
      await stampRiskAreaChange(tx);
    });
    const after = await eventually(view, (code) => code.colour !== 'green');
    expect(after.colour).not.toBe('green');
    expect(after.reasons.map((r: { reasonCode: string }) => r.reasonCode).join(' ')).toMatch(/RISK/);
  });
});
