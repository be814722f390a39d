// Accessibility gate (issue 11): every page of the three surfaces, opened as a user who may see it,
// has no serious or critical WCAG 2.1 A/AA violation found by axe-core. One test per page, signed in
// through the API as the role that uses it; a failure lists each rule broken and where.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures.ts';
import { DEMO_PASSWORD } from './helpers.ts';
import { signInCitizenWithRealName } from './health-helpers.ts';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The serious and critical violations on the page now, one line each (rule, impact, first targets). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${new URL(page.url()).pathname}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Opens `path` and expects no serious or critical violation on it. */
async function expectAccessible(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  // The page rendered its own content, not the sign-in page or a blank shell.
  await expect(page.locator('#root')).not.toBeEmpty();
  expect(new URL(page.url()).pathname, `${path} redirected`).toBe(path);
  const found = await violations(page);
  expect(found, found.join('\n')).toEqual([]);
}

/** Signs a demo staff account in through the API in the page's cookie jar (the browser is signed in too). */
async function signInStaff(page: Page, username: string): Promise<void> {
  const response = await page.request.post('/api/auth/staff/sign-in', { data: { username, password: DEMO_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
}

for (const path of ['/console/sign-in', '/venue/sign-in', '/m/tracing/itineraries']) {
  test(`signed out: ${path}`, async ({ page }) => {
    await expectAccessible(page, path);
  });
}

const CONSOLE_PAGES: Record<string, string[]> = {
  admin: ['', '/staff', '/api-clients', '/sms-outbox', '/audit', '/trusted-issuers', '/retention', '/inbox'],
  health: ['/risk-areas', '/person-statuses', '/rule-sets', '/overrides', '/corrections', '/confirmations', '/venues', '/scan-flags', '/tracing/cases', '/checkin/summary', '/checkin/orgs'],
  bigdata: ['/screening/imports', '/screening/persons', '/screening/comparison', '/screening/reviews', '/screening/sources'],
  county: ['/screening/tasks'],
  supervision: ['/tickets'],
};

for (const [account, paths] of Object.entries(CONSOLE_PAGES)) {
  for (const path of paths) {
    test(`console as ${account}: /console${path}`, async ({ page }) => {
      await signInStaff(page, account);
      await expectAccessible(page, `/console${path}`);
    });
  }
}

for (const path of ['', '/verify', '/today', '/screen', '/poster', '/register']) {
  test(`venue portal: /venue${path}`, async ({ page }) => {
    await signInStaff(page, 'venue');
    await expectAccessible(page, `/venue${path}`);
  });
}

test.describe('citizen pages on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  for (const path of [
    '/', '/m/real-name', '/m/health', '/m/health/declare', '/m/health/trips', '/m/health/corrections', '/m/health/visits',
    '/m/venues/register', '/m/tickets', '/m/tickets/new', '/m/tracing/self-check', '/m/checkin', '/m/checkin/orgs/new', '/m/inbox', '/m/me',
  ]) {
    test(`citizen: ${path}`, async ({ page, request }) => {
      await signInCitizenWithRealName(page, request);
      await expectAccessible(page, path);
    });
  }
});
