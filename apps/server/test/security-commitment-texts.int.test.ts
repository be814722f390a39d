import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff } from './factories.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { staffCommitments } from '../src/platform/identity/identity.tables.ts';
import { COMMITMENT, commitmentTextHash } from '../src/platform/identity/commitment.ts';

// Issue 10: the confidentiality commitment text is managed in the console — a new version is proposed
// by a city-or-wider administrator and published only when a different one approves it
// (platform/approvals); publishing makes every account sign again before its next staff request.
// The text shipped in code is the first version.
describe('confidentiality commitment text management (maker-checker)', { timeout: 180_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  const call = (opts: InjectOptions) => t.app.inject(opts);
  const newText = (n: number) => ({
    title: { zh: `疫情防控个人信息保密承诺书（第${n}版）`, en: `Confidentiality commitment (edition ${n})` },
    text: { zh: `本人郑重承诺：仅为履行职责查询个人信息，不泄露、不出售、不截屏转发；第${n}版新增：离岗时交回全部工作资料。`, en: `I undertake to use personal data only for my duties; edition ${n} adds: return all work material on leaving.` },
  });

  it('publishes a new version only after a second city-level administrator approves; everyone signs again', async () => {
    const maker = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });
    const checker = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '' });
    const county = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    const officer = await createStaff(t.app.ctx, { roles: ['health'], regionCode: '510603' });

    const listed = await call({ url: '/api/admin/commitment-texts', headers: maker.headers });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().current).toMatchObject({ version: COMMITMENT.version, title: COMMITMENT.title, text: COMMITMENT.text, publishedAt: null });

    // A county administrator neither proposes nor approves: the text binds every account.
    const narrow = await call({ method: 'POST', url: '/api/admin/commitment-texts', headers: county.headers, payload: newText(2) });
    expect(narrow.statusCode).toBe(403);
    expect(narrow.json().code).toBe('IDENTITY_COMMITMENT_SCOPE_TOO_NARROW');
    expect((await call({ method: 'POST', url: '/api/admin/commitment-texts', headers: maker.headers, payload: { ...newText(2), text: { zh: '太短', en: 'short' } } })).statusCode).toBe(400);

    const proposed = await call({ method: 'POST', url: '/api/admin/commitment-texts', headers: maker.headers, payload: newText(2) });
    expect(proposed.statusCode, proposed.body).toBe(202);
    const rival = await call({ method: 'POST', url: '/api/admin/commitment-texts', headers: maker.headers, payload: newText(3) });
    expect(proposed.json()).toMatchObject({ status: 'proposed', baseVersion: COMMITMENT.version });
    // Nothing changes before approval.
    expect((await call({ url: '/api/me/commitment', headers: officer.headers })).json()).toMatchObject({ version: COMMITMENT.version, required: false });
    expect((await call({ url: '/api/health/overrides', headers: officer.headers })).statusCode).toBe(200);

    const decide = (headers: Record<string, string>, id: string, decision = 'approve') => call({ method: 'POST', url: `/api/admin/commitment-texts/${id}/decision`, headers, payload: { decision } });
    expect((await decide(maker.headers, proposed.json().id)).json().code).toBe('APPROVALS_SAME_OFFICER');
    expect((await decide(county.headers, proposed.json().id)).json().code).toBe('IDENTITY_COMMITMENT_SCOPE_TOO_NARROW');
    const approved = await decide(checker.headers, proposed.json().id);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');

    // The next staff request of every account — the approver's too — asks for the new version.
    for (const [who, url] of [[officer, '/api/health/overrides'], [checker, '/api/admin/commitments'], [maker, '/api/admin/staff']] as const) {
      const refused = await call({ url, headers: who.headers });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('IDENTITY_COMMITMENT_REQUIRED');
      expect((await call({ url: '/api/me', headers: who.headers })).json().commitmentRequired).toBe(true);
    }
    const status = (await call({ url: '/api/me/commitment', headers: officer.headers })).json();
    expect(status).toMatchObject({ version: COMMITMENT.version + 1, required: true, title: newText(2).title, text: newText(2).text, signedVersion: COMMITMENT.version });
    const old = await call({ method: 'POST', url: '/api/me/commitment', headers: officer.headers, payload: { version: COMMITMENT.version } });
    expect(old.json().code).toBe('IDENTITY_COMMITMENT_OUTDATED');
    const signed = await call({ method: 'POST', url: '/api/me/commitment', headers: officer.headers, payload: { version: COMMITMENT.version + 1 } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect((await call({ url: '/api/health/overrides', headers: officer.headers })).statusCode).toBe(200);
    const [signature] = await t.app.ctx.db.select().from(staffCommitments).where(and(eq(staffCommitments.staffId, officer.id), eq(staffCommitments.version, COMMITMENT.version + 1)));
    expect(signature.textHash).toBe(commitmentTextHash({ version: COMMITMENT.version + 1, ...newText(2) }));

    // Published and audited with the text's hash; the rival proposal made from version 1 can no longer be approved.
    const published = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'identity.commitment.publish'));
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ actorId: checker.id, detail: { version: COMMITMENT.version + 1, textHash: signature.textHash, proposedBy: maker.id } });
    await call({ method: 'POST', url: '/api/me/commitment', headers: checker.headers, payload: { version: COMMITMENT.version + 1 } });
    const stale = await decide(checker.headers, rival.json().id);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('IDENTITY_COMMITMENT_CHANGED');
    const after = (await call({ url: '/api/admin/commitment-texts', headers: checker.headers })).json();
    expect(after.current).toMatchObject({ version: COMMITMENT.version + 1, title: newText(2).title });
    expect(after.proposals.find((p: { id: string }) => p.id === rival.json().id).status).toBe('proposed');
  });
});
