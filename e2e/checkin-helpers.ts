// Helpers of the check-in browser tests (issue 14): organisations registered and approved through the API.
import { request as playwrightRequest } from '@playwright/test';
import { normaliseCreditCode, creditCodeCheckChar } from '@fangxian/contracts/checkin';
import { expect, test, type Page } from './fixtures.ts';
import { staffToken } from './helpers.ts';

export async function csrfHeader(page: Page): Promise<Record<string, string>> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'fx_csrf');
  expect(csrf, 'signed in: fx_csrf cookie').toBeTruthy();
  return { 'x-csrf-token': decodeURIComponent(csrf!.value) };
}

/** A valid unified social credit code (GB 32100, the shared rule) no other run uses. */
export function creditCode(): string {
  const first17 = `91510603MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  return normaliseCreditCode(first17 + creditCodeCheckChar(first17))!;
}

/** Registers an organisation as the signed-in citizen of `page` and has the demo health officer approve it. */
export async function approvedOrg(page: Page, name: string): Promise<{ id: string; inviteCode: string }> {
  const created = await page.request.post('/api/checkin/orgs', {
    headers: await csrfHeader(page),
    data: { name, type: 'enterprise', creditCode: creditCode(), divisionCode: '510603', address: '德阳市旌阳区长江西路1号' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  // A cookie-free context: a session cookie left by another sign-in would make the server ask for a CSRF header.
  const officer = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const token = await staffToken(officer, 'health');
  const decided = await officer.post(`/api/checkin/orgs/${id}/decision`, { headers: { authorization: `Bearer ${token}` }, data: { approve: true } });
  expect(decided.status(), await decided.text()).toBe(200);
  await officer.dispose();
  const org = await page.request.get(`/api/checkin/orgs/${id}`);
  return { id, inviteCode: ((await org.json()) as { inviteCode: string }).inviteCode };
}
