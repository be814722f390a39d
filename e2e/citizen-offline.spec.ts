// Issue 11, installable citizen app: the manifest and the service worker are served and the worker takes
// control of the citizen app; without a network the code page shows an offline state instead of the
// last QR (a token that cannot be refreshed is never presented as valid), and the code is back online.
// Pages load lazily (citizen/routes.tsx): the worker precaches the code page's chunk at install, so the
// code page opens offline even when it was never opened online.
import { expect, test } from './fixtures.ts';
import { signInCitizenWithRealName } from './health-helpers.ts';

test('the citizen app is installable and the code page never shows a stale code offline', async ({ page, request, context }) => {
  const manifest = await page.request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  const body = (await manifest.json()) as { name: string; start_url: string; display: string; icons: { sizes: string; type: string }[] };
  expect(body).toMatchObject({ name: '防线 · 市民服务', start_url: '/', display: 'standalone' });
  expect(body.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  const worker = await page.request.get('/sw.js');
  expect(worker.status()).toBe(200);
  expect(worker.headers()['cache-control']).toBe('no-cache');

  await page.setViewportSize({ width: 390, height: 844 });
  await signInCitizenWithRealName(page, request);
  // Start on another page: the code page's chunk has not been loaded by this page.
  await page.goto('/m/me');
  await expect(page.getByTestId('real-name-name')).toBeVisible();
  // The service worker installed and controls the app (production build), and precached the code page.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toMatch(/\/sw\.js$/);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  expect(cached).toEqual(expect.arrayContaining(['/']));
  expect(cached.some((u) => /^\/assets\/code\.page-[\w-]+\.js$/.test(u)), cached.join(' ')).toBe(true);
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

  // Offline, open the code page in the app (a client-side navigation: its chunk comes from the worker's cache).
  await context.setOffline(true);
  await page.evaluate(() => {
    history.pushState({}, '', '/m/health');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  // Never read online, there is no code to show: the page says it is offline (and reads it once back online).
  await expect(page.getByRole('heading', { name: '我的健康码' })).toBeVisible();
  await expect(page.getByText('网络已断开，健康码暂不可用')).toBeVisible();
  await expect(page.getByTestId('health-code-qr')).toHaveCount(0);

  await context.setOffline(false);
  await expect(page.getByTestId('health-code-qr')).toBeVisible();
  await expect(page.getByTestId('health-code-card')).toHaveAttribute('data-colour', /green|yellow|red/);

  // A code on screen turns to the offline state when the network goes: the last QR is not shown.
  await context.setOffline(true);
  await expect(page.getByTestId('health-code-unusable')).toContainText('网络已断开，健康码暂不可用');
  await expect(page.getByTestId('health-code-card')).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('health-code-qr')).toHaveCount(0);
  await context.setOffline(false);
  await expect(page.getByTestId('health-code-qr')).toBeVisible();
});
