import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestApp } from './support.ts';
import { officer, realNamedCitizen, residentId, cstDay } from './health-code.support.ts';
import { approvals } from '../src/platform/approvals/approvals.tables.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { hcOverrides } from '../src/modules/health-code/health-code.tables.ts';
import { personStatuses } from '../src/modules/epidemic/epidemic.tables.ts';

/**
 * Issue 10, "Maker-checker as a platform service": health-code overrides and bulk person-status
 * changes go through platform/approvals (propose → approve by a different officer of a containing
 * region → apply, with expiry and audit).
 */
describe('maker-checker through platform/approvals: overrides and bulk status changes', { timeout: 180_000 }, () => {
  let t: TestApp;
  const call = async (opts: InjectOptions) => t.app.inject(opts);
  const codeOf = async (headers: Record<string, string>) => (await call({ url: '/api/health/code', headers })).json();

  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  async function declareNormal(headers: Record<string, string>) {
    const res = await call({ method: 'POST', url: '/api/health/declarations', headers, payload: { residenceDivision: '510603', temperature: 36.5, symptoms: [], contactWithCase: false } });
    expect(res.statusCode, res.body).toBe(201);
  }

  it('a health-code override is a platform approval: proposed, decided and withdrawn there, refused once expired', async () => {
    const c = await realNamedCitizen(t, '510603', '周九');
    await declareNormal(c.headers);
    const maker = await officer(t, ['health'], '510600'); // the city proposes for a citizen of 旌阳区
    const checker = await officer(t, ['county_command'], '510603'); // 旌阳区 holds the citizen's region
    const otherCounty = await officer(t, ['health'], '510681');
    const expiresAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const propose = (reason: string) =>
      call({ method: 'POST', url: '/api/health/overrides', headers: maker.headers, payload: { documentType: 'resident_id', documentNumber: c.idNumber, colour: 'yellow', reason, expiresAt } });

    const first = await propose('居家观察');
    expect(first.statusCode, first.body).toBe(201);
    const [row] = await t.app.ctx.db.select().from(hcOverrides).where(eq(hcOverrides.id, first.json().id));
    expect(row.approvalId).toBeTruthy();
    const [approval] = await t.app.ctx.db.select().from(approvals).where(eq(approvals.id, row.approvalId!));
    expect(approval).toMatchObject({ kind: 'health-code.override.set', status: 'proposed', regionCode: '510603', proposedBy: maker.id });
    // The proposal expires with the override when that comes before the 72 hours.
    expect(approval.expiresAt.getTime()).toBe(new Date(expiresAt).getTime());
    // No personal data in the proposal: the person and the reason stay in the override row.
    expect(JSON.stringify([approval.payload, approval.summary])).not.toContain(c.idNumber);
    expect(JSON.stringify([approval.payload, approval.summary])).not.toContain('居家观察');

    expect((await call({ method: 'POST', url: `/api/health/overrides/${row.id}/decision`, headers: otherCounty.headers, payload: { decision: 'approve' } })).statusCode).toBe(404);
    const self = await call({ method: 'POST', url: `/api/health/overrides/${row.id}/decision`, headers: maker.headers, payload: { decision: 'approve' } });
    expect(self.json().code).toBe('HEALTH_CODE_OVERRIDE_SAME_OFFICER');
    const ok = await call({ method: 'POST', url: `/api/health/overrides/${row.id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await codeOf(c.headers)).colour).toBe('yellow');
    const [decided] = await t.app.ctx.db.select().from(approvals).where(eq(approvals.id, row.approvalId!));
    expect(decided).toMatchObject({ status: 'approved', decidedBy: checker.id });
    const audited = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, row.approvalId!));
    expect(audited.map((a) => a.action).sort()).toEqual(['health-code.override.set.approve', 'health-code.override.set.propose']);

    // Withdrawing a proposal withdraws its approval; it can no longer be approved.
    const second = await propose('再次调整');
    const [secondRow] = await t.app.ctx.db.select().from(hcOverrides).where(eq(hcOverrides.id, second.json().id));
    expect((await call({ method: 'POST', url: `/api/health/overrides/${secondRow.id}/revoke`, headers: maker.headers, payload: { note: '提错了' } })).json().status).toBe('revoked');
    const [withdrawn] = await t.app.ctx.db.select().from(approvals).where(eq(approvals.id, secondRow.approvalId!));
    expect(withdrawn.status).toBe('withdrawn');
    const late = await call({ method: 'POST', url: `/api/health/overrides/${secondRow.id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
    expect(late.json().code).toBe('HEALTH_CODE_OVERRIDE_NOT_PENDING');

    // A proposal whose approval has expired cannot be approved, even though the override itself has not.
    const third = await propose('第三次人工调整');
    expect(third.statusCode, third.body).toBe(201);
    const [thirdRow] = await t.app.ctx.db.select().from(hcOverrides).where(eq(hcOverrides.id, third.json().id));
    await t.app.ctx.db.update(approvals).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(approvals.id, thirdRow.approvalId!));
    const expired = await call({ method: 'POST', url: `/api/health/overrides/${thirdRow.id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
    expect(expired.statusCode).toBe(409);
    expect(expired.json().code).toBe('APPROVALS_EXPIRED');
    const [still] = await t.app.ctx.db.select().from(hcOverrides).where(eq(hcOverrides.id, thirdRow.id));
    expect(still.status).toBe('proposed');
  });

  it('a bulk person-status change records nothing until a different officer of a containing region approves it', async () => {
    const a = await realNamedCitizen(t, '510603', '吴一');
    const b = await realNamedCitizen(t, '510603', '吴二');
    await declareNormal(a.headers);
    await declareNormal(b.headers);
    const maker = await officer(t, ['health'], '510603');
    const sameCounty = await officer(t, ['county_command'], '510603');
    const otherCounty = await officer(t, ['health'], '510681');
    const entry = (documentNumber: string, regionCode = '510603') => ({ documentType: 'resident_id', documentNumber, status: 'close_contact', date: cstDay(-1), source: '流调排查', regionCode });
    const proposed = await call({
      method: 'POST',
      url: '/api/epidemic/person-status-batches',
      headers: maker.headers,
      payload: {
        note: '某小区密接批量登记',
        entries: [entry(a.idNumber), entry('510603199001011234'), entry(b.idNumber), entry(residentId('510681'), '510681'), entry(a.idNumber)],
      },
    });
    expect(proposed.statusCode, proposed.body).toBe(202);
    const { batch, rejected } = proposed.json();
    expect(batch).toMatchObject({ status: 'proposed', count: 2, byStatus: { close_contact: 2 }, regions: ['510603'], regionCode: '510603' });
    expect(rejected).toEqual([
      { line: 2, field: 'documentNumber', problem: 'document_invalid' },
      { line: 4, field: 'regionCode', problem: 'out_of_scope' },
      { line: 5, field: 'documentNumber', problem: 'duplicate' },
    ]);
    // Stored encrypted: the proposal holds no document number in clear.
    const [stored] = await t.app.ctx.db.select().from(approvals).where(eq(approvals.id, batch.id));
    expect(JSON.stringify(stored)).not.toContain(a.idNumber);
    // Nothing recorded yet; the codes stay green.
    const recorded = () => t.app.ctx.db.select().from(personStatuses).where(and(eq(personStatuses.regionCode, '510603'), eq(personStatuses.source, '流调排查')));
    expect(await recorded()).toHaveLength(0);
    expect((await codeOf(a.headers)).colour).toBe('green');

    const listed = await call({ url: '/api/epidemic/person-status-batches', headers: sameCounty.headers });
    expect(listed.json().map((x: { id: string }) => x.id)).toContain(batch.id);
    expect((await call({ url: '/api/epidemic/person-status-batches', headers: otherCounty.headers })).json().map((x: { id: string }) => x.id)).not.toContain(batch.id);

    const decide = (headers: Record<string, string>, decision: string) => call({ method: 'POST', url: `/api/epidemic/person-status-batches/${batch.id}/decision`, headers, payload: { decision } });
    expect((await decide(otherCounty.headers, 'approve')).statusCode).toBe(404);
    expect((await decide(maker.headers, 'approve')).json().code).toBe('APPROVALS_SAME_OFFICER');
    expect(await recorded()).toHaveLength(0);
    const ok = await decide(sameCounty.headers, 'approve');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
    const rows = await recorded();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.recordedBy === maker.id && r.status === 'close_contact')).toBe(true);
    expect((await codeOf(a.headers)).colour).not.toBe('green');
    expect((await codeOf(b.headers)).colour).not.toBe('green');
    const audits = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'epidemic.person-status.record'));
    expect(audits.filter((x) => (x.detail as { approvalId?: string } | null)?.approvalId === batch.id)).toHaveLength(2);
    expect((await decide(sameCounty.headers, 'reject')).json().code).toBe('APPROVALS_NOT_PENDING');

    // Rejected or withdrawn: nothing recorded. A batch with no good row is refused with the reasons.
    const again = await call({ method: 'POST', url: '/api/epidemic/person-status-batches', headers: maker.headers, payload: { note: '第二批', entries: [entry(residentId('510603'))] } });
    const withdrawn = await call({ method: 'POST', url: `/api/epidemic/person-status-batches/${again.json().batch.id}/withdraw`, headers: maker.headers, payload: {} });
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await call({ method: 'POST', url: `/api/epidemic/person-status-batches/${again.json().batch.id}/decision`, headers: sameCounty.headers, payload: { decision: 'approve' } })).json().code).toBe('APPROVALS_NOT_PENDING');
    const empty = await call({ method: 'POST', url: '/api/epidemic/person-status-batches', headers: maker.headers, payload: { note: '第三批', entries: [entry('123456')] } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'EPIDEMIC_BATCH_EMPTY', details: { rejected: [{ line: 1, problem: 'document_invalid' }] } });
    expect(await recorded()).toHaveLength(2);
  });
});
