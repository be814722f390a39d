// Issue 11, installable citizen app: the manifest and the service worker are served and the worker takes
// control of the citizen app; without a network the code page shows an offline state instead of the
// last QR (a token that cannot be refreshed is never presented as valid), and the code is back online.
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
  await page.goto('/m/health');
  await expect(page.getByTestId('health-code-qr')).toBeVisible();
  // The service worker installed and controls the app (production build).
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toMatch(/\/sw\.js$/);

  await context.setOffline(true);
  await expect(page.getByTestId('health-code-unusable')).toContainText('网络已断开，健康码暂不可用');
  await expect(page.getByTestId('health-code-card')).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('health-code-qr')).toHaveCount(0);

  await context.setOffline(false);
  await expect(page.getByTestId('health-code-qr')).toBeVisible();
  await expect(page.getByTestId('health-code-card')).toHaveAttribute('data-colour', /green|yellow|red/);
});
