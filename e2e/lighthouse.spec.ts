// Lighthouse gate (issue 11): the citizen's health-code page, the venue's verify page and the console's
// home score at least 95 for accessibility and for best practices, measured by Lighthouse driving
// Debian's Chromium (CHROMIUM_PATH) through chrome-launcher. Only those two categories run (the
// performance category depends on the machine's load and is not a pass/fail gate here); each page is
// opened signed in: the session's cookies are put into the launched Chromium over CDP (Playwright's
// connectOverCDP) and Lighthouse keeps the browser's storage. A failure lists the audits that cost points.
import { launch, type LaunchedChrome } from 'chrome-launcher';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { chromium, request as playwrightRequest } from '@playwright/test';
import { expect, test, type APIRequestContext } from './fixtures.ts';
import { DEMO_PASSWORD } from './helpers.ts';
import { signInCitizenWithRealName } from './health-helpers.ts';

const MINIMUM = { accessibility: 0.95, 'best-practices': 0.95 } as const;

type Cookies = Awaited<ReturnType<APIRequestContext['storageState']>>['cookies'];

async function staffCookies(baseURL: string, username: string): Promise<Cookies> {
  const request = await playwrightRequest.newContext({ baseURL });
  const response = await request.post('/api/auth/staff/sign-in', { data: { username, password: DEMO_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  const { cookies } = await request.storageState();
  await request.dispose();
  return cookies;
}

/** The audits that cost a category points, worst first: "id (score) title". */
function lostPoints(lhr: Result, category: keyof typeof MINIMUM): string[] {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id].score ?? 1) < 1)
    .map((ref) => `${ref.id} (${lhr.audits[ref.id].score}) ${lhr.audits[ref.id].title}`);
}

test.describe('Lighthouse', () => {
  let chrome: LaunchedChrome;
  test.beforeAll(async () => {
    chrome = await launch({
      chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
  });
  test.afterAll(async () => {
    chrome?.kill();
  });

  /** Replaces the launched browser's cookies with `cookies` (one signed-in account at a time). */
  async function useCookies(cookies: Cookies): Promise<void> {
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
    try {
      const context = browser.contexts()[0]!;
      await context.clearCookies();
      await context.addCookies(cookies);
    } finally {
      // Closing a CDP connection disconnects without closing the browser.
      await browser.close();
    }
  }

  async function audit(path: string, cookies: Cookies, formFactor: 'mobile' | 'desktop'): Promise<void> {
    const url = `${test.info().project.use.baseURL}${path}`;
    await useCookies(cookies);
    const flags: Flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: Object.keys(MINIMUM),
      formFactor,
      screenEmulation:
        formFactor === 'mobile'
          ? { mobile: true, width: 390, height: 844, deviceScaleFactor: 2, disabled: false }
          : { mobile: false, width: 1366, height: 900, deviceScaleFactor: 1, disabled: false },
      // No CPU or network slowing: only accessibility and best practices are measured.
      throttlingMethod: 'provided',
      // Lighthouse's own storage reset would clear the session of the signed-in page.
      disableStorageReset: true,
    };
    const runner = await lighthouse(url, flags);
    expect(runner, `Lighthouse gave no result for ${path}`).toBeTruthy();
    const lhr = runner!.lhr;
    expect(new URL(lhr.finalDisplayedUrl).pathname, `${path} redirected`).toBe(path);
    const scores = Object.keys(MINIMUM).map((c) => `${c} ${Math.round((lhr.categories[c]!.score ?? 0) * 100)}`);
    console.log(`Lighthouse ${lhr.lighthouseVersion} ${path} (${formFactor}): ${scores.join(', ')}`);
    for (const [category, minimum] of Object.entries(MINIMUM) as [keyof typeof MINIMUM, number][]) {
      const score = lhr.categories[category].score ?? 0;
      expect(score, `${path} ${category} ${Math.round(score * 100)} < ${minimum * 100}:\n${lostPoints(lhr, category).join('\n')}`).toBeGreaterThanOrEqual(minimum);
    }
  }

  test('citizen health-code page', async ({ page, request }) => {
    await signInCitizenWithRealName(page, request);
    await audit('/m/health', (await page.context().storageState()).cookies, 'mobile');
  });

  test('venue verify page', async () => {
    await audit('/venue/verify', await staffCookies(test.info().project.use.baseURL!, 'venue'), 'mobile');
  });

  test('console home', async () => {
    await audit('/console', await staffCookies(test.info().project.use.baseURL!, 'admin'), 'desktop');
  });
});
