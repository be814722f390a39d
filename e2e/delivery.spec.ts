// Delivery: the API documentation renders under its CSP without a console error, and the web app's
// assets arrive compressed and cached as docs/deployment.md says.
import { expect, test } from './fixtures.ts';

test('the API docs render with no CSP violation or console error', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto('/api/docs');
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Fangxian');
  // The operations are listed, with their generated ids reachable as anchors.
  await expect(page.locator('.opblock').first()).toBeVisible();
  expect(problems).toEqual([]);
});

test('the console sign-in page loads its scripts brotli-compressed and cached for a year', async ({ page }) => {
  const assets: Promise<{ url: string; encoding?: string; cache?: string; bytes: number }>[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/assets/') && r.url().endsWith('.js')) {
      assets.push(r.body().then((body) => ({ url: r.url(), encoding: r.headers()['content-encoding'], cache: r.headers()['cache-control'], bytes: body.length })));
    }
  });
  const html = await page.goto('/console/sign-in');
  expect(html!.headers()['cache-control']).toBe('no-cache');
  await expect(page.getByRole('button', { name: /登\s*录/ })).toBeVisible();
  const loaded = await Promise.all(assets);
  expect(loaded.length).toBeGreaterThan(1);
  for (const a of loaded) {
    // Files under 1 kB have no compressed copy (apps/web/build/precompress.ts): they come as they are.
    if (a.bytes >= 1024) expect(a.encoding, a.url).toBe('br');
    expect(a.cache, a.url).toBe('public, max-age=31536000, immutable');
  }
  expect(loaded.filter((a) => a.encoding === 'br').length).toBeGreaterThan(1);
});
