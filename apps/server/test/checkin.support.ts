import { creditCodeCheckChar } from '../src/modules/checkin/checkin.rules.ts';
import type { TestApp } from './support.ts';

let seq = 1000;

/** A valid unified social credit code (GB 32100) in a division, fresh each call. */
export function creditCode(division = '510603'): string {
  const first17 = `91${division}MA${String(seq++).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

/** Registers an organisation as `admin` and has `officer` approve it; answers the organisation (with its invitation code). */
export async function approvedOrg(
  t: TestApp,
  admin: { headers: Record<string, string> },
  officer: { headers: Record<string, string> },
  fields: { name?: string; type?: string; divisionCode?: string } = {},
): Promise<{ id: string; inviteCode: string; name: string }> {
  const name = fields.name ?? `单位${seq}`;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/checkin/orgs',
    headers: admin.headers,
    payload: { name, type: fields.type ?? 'enterprise', creditCode: creditCode(fields.divisionCode), divisionCode: fields.divisionCode ?? '510603', address: '德阳市旌阳区长江西路1号' },
  });
  if (created.statusCode !== 201) throw new Error(`register: ${created.statusCode} ${created.body}`);
  const id = created.json().id as string;
  const decided = await t.app.inject({ method: 'POST', url: `/api/checkin/orgs/${id}/decision`, headers: officer.headers, payload: { approve: true } });
  if (decided.statusCode !== 200) throw new Error(`decide: ${decided.statusCode} ${decided.body}`);
  const org = await t.app.inject({ method: 'GET', url: `/api/checkin/orgs/${id}`, headers: admin.headers });
  return { id, inviteCode: org.json().inviteCode, name };
}

/** Joins by invitation code with consent. */
export async function join(t: TestApp, member: { headers: Record<string, string> }, inviteCode: string, department?: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/checkin/my/join', headers: member.headers, payload: { inviteCode, consent: true, ...(department ? { department } : {}) } });
  if (res.statusCode !== 200) throw new Error(`join: ${res.statusCode} ${res.body}`);
}

/** Submits today's report. */
export function report(t: TestApp, member: { headers: Record<string, string> }, fields: Partial<{ temperature: number; symptoms: string[]; divisionCode: string; riskAreaContact: boolean; extra: Record<string, Record<string, string | number>> }> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/checkin/my/report',
    headers: member.headers,
    payload: { temperature: 36.5, symptoms: [], divisionCode: '510603', riskAreaContact: false, ...fields },
  });
}
