import { expect, test } from '@playwright/test';
import { signInStaffUi } from './helpers.ts';
import { declareHealthy, demoVenueDynamicCodeUrl, signInCitizenWithRealName } from './health-helpers.ts';

test('screens', async ({ page, request, browser }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 360, height: 740 });
  await signInCitizenWithRealName(page, request, { name: '张三', householdDivision: '510603' });
  await declareHealthy(page, '510603');
  await page.goto('/');
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/h7shots/c-home.png', fullPage: true });
  await page.goto('/m/health');
  await expect(page.getByTestId('health-code-qr')).toBeVisible();
  await page.screenshot({ path: '/tmp/h7shots/c-code.png', fullPage: true });
  await page.goto('/m/health/declare');
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/h7shots/c-declare.png', fullPage: true });
  await page.goto('/m/health/trips');
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/h7shots/c-trips.png', fullPage: true });
  await page.goto('/m/health/corrections');
  await page.waitForTimeout(1200);
  await page.screenshot({ path: '/tmp/h7shots/c-corrections.png', fullPage: true });
  const { url } = await demoVenueDynamicCodeUrl();
  await page.goto(url);
  await expect(page.getByTestId('entry-page')).toBeVisible();
  await page.screenshot({ path: '/tmp/h7shots/c-entry.png', fullPage: true });

  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const v = await ctx.newPage();
  await signInStaffUi(v, '/venue', 'venue');
  for (const p of ['today', 'screen', 'poster', 'register', 'verify']) {
    await v.goto(`/venue/${p}`);
    await v.waitForTimeout(1500);
    await v.screenshot({ path: `/tmp/h7shots/v-${p}.png`, fullPage: true });
  }
  const ctx2 = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const c = await ctx2.newPage();
  await signInStaffUi(c, '/console', 'health');
  for (const p of ['risk-areas', 'person-statuses', 'rule-sets', 'overrides', 'corrections', 'venues']) {
    await c.goto(`/console/${p}`);
    await c.waitForTimeout(1500);
    await c.screenshot({ path: `/tmp/h7shots/k-${p}.png`, fullPage: true });
  }
  const ctx3 = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const a = await ctx3.newPage();
  await signInStaffUi(a, '/console', 'admin');
  await a.goto('/console/retention');
  await a.waitForTimeout(1500);
  await a.screenshot({ path: '/tmp/h7shots/k-retention.png', fullPage: true });
});
