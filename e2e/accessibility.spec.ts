// Accessibility gate (issue 11): every page of the three surfaces, opened as a user who may see it,
// has no serious or critical WCAG 2.1 A/AA violation found by axe-core. One test per page, signed in
// through the API as the role that uses it; a failure lists each rule broken and where.
import AxeBuilder from '@axe-core/playwright';
import { request as playwrightRequest } from '@playwright/test';
import { expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from './fixtures.ts';
import { DEMO_PASSWORD } from './helpers.ts';
import { signInCitizenWithRealName } from './health-helpers.ts';
import { approvedOrg } from './checkin-helpers.ts';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The serious and critical violations on the page now, one line each (rule, impact, first targets). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const where = v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.any[0]?.message ? ` (${n.any[0].message})` : ''}`);
      return `${new URL(page.url()).pathname}: ${v.id} (${v.impact}) ${v.help} — ${where.join(' | ')}`;
    });
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

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** Signs a demo staff account in once through the API; its cookies are reused by every page of that account. */
async function staffSession(username: string): Promise<StorageState> {
  const request = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const response = await request.post('/api/auth/staff/sign-in', { data: { username, password: DEMO_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  const state = await request.storageState();
  await request.dispose();
  return state;
}

/** Opens `path` in a fresh context carrying `state`'s cookies and checks it. */
async function expectAccessibleAs(browser: Browser, state: StorageState | undefined, path: string, options: BrowserContextOptions = {}): Promise<void> {
  const context = await browser.newContext({ ...options, baseURL: test.info().project.use.baseURL, storageState: state });
  try {
    await expectAccessible(await context.newPage(), path);
  } finally {
    await context.close();
  }
}

for (const path of ['/console/sign-in', '/venue/sign-in', '/m/sign-in', '/m/tracing/itineraries', '/m/verify', '/m/services', '/m/hall/kiosk']) {
  test(`signed out: ${path}`, async ({ page }) => {
    await expectAccessible(page, path);
  });
}

const CONSOLE_PAGES: Record<string, string[]> = {
  admin: ['', '/staff', '/api-clients', '/sms-outbox', '/audit', '/trusted-issuers', '/retention', '/inbox', '/commitments', '/inbox/preferences', '/notifications/delivery'],
  health: ['/risk-areas', '/person-statuses', '/rule-sets', '/overrides', '/corrections', '/confirmations', '/venues', '/scan-flags', '/tracing/cases', '/checkin/summary', '/checkin/orgs', '/tracing/self-reports', '/tracing/batch-check', '/tracing/follow-ups', '/tracing/lab-results', '/tracing/chains', '/tracing/settings'],
  bigdata: ['/screening/imports', '/screening/persons', '/screening/comparison', '/screening/reviews', '/screening/sources', '/screening/rules'],
  county: ['/screening/tasks', '/screening/figures'],
  service: ['/govservice/workbench', '/govservice/catalogue', '/hall/desk', '/hall/halls', '/hall/stats', '/results/documents', '/results/delivery', '/results/rectifications', '/results/figures', '/tickets/hotline'],
  supervision: ['/tickets', '/tickets/kpi', '/tickets/categories', '/tickets/routing-rules', '/tickets/national-outbox'],
  editor: [''],
};

// One sign-in per account (in the describe's beforeAll), one page load per route.
for (const [account, paths] of Object.entries(CONSOLE_PAGES)) {
  test.describe(`console as ${account}`, () => {
    let state: StorageState;
    test.beforeAll(async () => {
      state = await staffSession(account);
    });
    for (const path of paths) {
      test(`/console${path}`, async ({ browser }) => {
        await expectAccessibleAs(browser, state, `/console${path}`);
      });
    }
  });
}

test.describe('venue portal', () => {
  let state: StorageState;
  test.beforeAll(async () => {
    state = await staffSession('venue');
  });
  for (const path of ['', '/verify', '/today', '/screen', '/poster', '/register']) {
    test(`/venue${path}`, async ({ browser }) => {
      await expectAccessibleAs(browser, state, `/venue${path}`);
    });
  }
});

test.describe('citizen pages on a phone', () => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };
  // One real-named citizen for every page: signed in once, its cookies reused by each test.
  let storageState: StorageState;
  let orgId: string;
  test.beforeAll(async ({ browser }) => {
    const baseURL = test.info().project.use.baseURL;
    const context = await browser.newContext({ ...phone, baseURL });
    const request = await playwrightRequest.newContext({ baseURL });
    const page = await context.newPage();
    await signInCitizenWithRealName(page, request);
    await request.dispose();
    orgId = (await approvedOrg(page, `无障碍测试单位${Date.now().toString(36)}`)).id;
    storageState = await context.storageState();
    await context.close();
  });
  for (const path of [
    '/', '/m/real-name', '/m/health', '/m/health/declare', '/m/health/trips', '/m/health/corrections', '/m/health/visits',
    '/m/venues/register', '/m/tickets', '/m/tickets/new', '/m/tracing/self-check', '/m/checkin', '/m/checkin/orgs/new', '/m/inbox', '/m/me',
    '/m/hall', '/m/hall/book', '/m/documents', '/m/delivery', '/m/services/mine', '/m/checkin/join', '/m/inbox/preferences',
    '/m/tracing/batch-check',
  ]) {
    test(`citizen: ${path}`, async ({ browser }) => {
      await expectAccessibleAs(browser, storageState, path, phone);
    });
  }
  // The check-in administrator's pages (issue 14): an organisation this citizen registered, approved.
  for (const page of ['', '/settings']) {
    test(`citizen: /m/checkin/orgs/:id${page} (organisation administrator)`, async ({ browser }) => {
      await expectAccessibleAs(browser, storageState, `/m/checkin/orgs/${orgId}${page}`, phone);
    });
  }
});
