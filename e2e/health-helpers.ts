// Steps of the health-code and venue browser tests that are not what the tests are about: a citizen's
// sign-in, real-name registration and declaration through the API, in the page's own cookie jar.
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, latestSmsCode, residentId, staffToken, uniquePhone } from './helpers.ts';

/** The demo venue staff account of the seed (bound to the demo venue 德阳市民中心). */
export const DEMO_VENUE_STAFF = 'venue';

export async function csrfHeader(page: Page): Promise<Record<string, string>> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'fx_csrf');
  expect(csrf, 'signed in: fx_csrf cookie').toBeTruthy();
  return { 'x-csrf-token': decodeURIComponent(csrf!.value) };
}

/** A random birth date (YYYYMMDD, 1950–1999) so the ID numbers of a run do not collide (one ID, one account). */
function randomBirthDate(): string {
  const day = new Date(Date.UTC(1950, 0, 1) + Math.floor(Math.random() * 18_000) * 86_400_000);
  return day.toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Signs a new citizen in through the API with the page's cookie jar (so the browser is signed in too)
 * and registers their real name; `request` is a separate context used to read the SMS outbox as admin.
 */
export async function signInCitizenWithRealName(
  page: Page,
  request: APIRequestContext,
  options: { name?: string; householdDivision?: string; birth?: string; sequence?: string } = {},
): Promise<{ phone: string; documentNumber: string }> {
  const phone = uniquePhone();
  const otp = await page.request.post('/api/auth/otp', { data: { phone } });
  expect(otp.status(), await otp.text()).toBe(202);
  const code = await latestSmsCode(request, phone);
  const signIn = await page.request.post('/api/auth/citizen/sign-in', { data: { phone, code } });
  expect(signIn.status(), await signIn.text()).toBe(200);
  const documentNumber = residentId(options.birth ?? randomBirthDate(), options.sequence ?? String(Math.floor(Math.random() * 1000)).padStart(3, '0'));
  const realName = await page.request.put('/api/me/real-name', {
    headers: await csrfHeader(page),
    data: { name: options.name ?? '张三', documentType: 'resident_id', documentNumber, householdDivision: options.householdDivision ?? '510603' },
  });
  expect(realName.status(), await realName.text()).toBe(200);
  return { phone, documentNumber };
}

/** A normal health declaration (36.5 ℃, no symptoms, no contact) for the signed-in citizen, through the API. */
export async function declareHealthy(page: Page, residenceDivision: string): Promise<void> {
  const response = await page.request.post('/api/health/declarations', {
    headers: await csrfHeader(page),
    data: { residenceDivision, temperature: 36.5, symptoms: [], contactWithCase: false },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** The current place-code URL of the demo venue's rotating screen code, read as its staff through the API. */
export async function demoVenueDynamicCodeUrl(): Promise<{ url: string; venueName: string }> {
  // A cookie-free context: a session cookie left by another sign-in would make the server ask for a CSRF header.
  const request = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const token = await staffToken(request, DEMO_VENUE_STAFF, DEMO_PASSWORD);
  const headers = { authorization: `Bearer ${token}` };
  const venue = await request.get('/api/venues/mine', { headers });
  expect(venue.status(), await venue.text()).toBe(200);
  const { id, name } = (await venue.json()) as { id: string; name: string };
  const code = await request.get(`/api/venues/${id}/dynamic-code`, { headers });
  expect(code.status(), await code.text()).toBe(200);
  const { url } = (await code.json()) as { url: string };
  await request.dispose();
  return { url, venueName: name };
}
