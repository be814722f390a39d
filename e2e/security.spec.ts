// Issue 10: a new staff account meets the confidentiality commitment (保密承诺书) at its first
// sign-in, signs it, and then works; the administrator finds the signature in the console.
import { expect, test } from './fixtures.ts';
import { signInStaffUi, staffToken, uniqueUsername } from './helpers.ts';

test('a new officer signs the confidentiality commitment before any work, and the admin sees the signature', async ({ page, request, playwright, baseURL }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The administrator creates a new account (its own, so no shared demo account changes).
  const admin = await staffToken(request);
  const username = uniqueUsername('sec');
  const password = 'Lantern-Orchard-2741';
  const created = await request.post('/api/admin/staff', {
    headers: { authorization: `Bearer ${admin}` },
    data: { username, password, displayName: '保密测试员', department: '德阳市卫生健康委员会', roles: ['health'], regionCode: '510603' },
  });
  expect(created.status(), await created.text()).toBe(201);
  // Before signing, the API refuses its staff work (its own request context: the admin's cookie stays out of it).
  const officerApi = await playwright.request.newContext({ baseURL });
  const token = await staffToken(officerApi, username, password);
  const refused = await officerApi.get('/api/health/overrides', { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { code: string }).code).toBe('IDENTITY_COMMITMENT_REQUIRED');

  // Signing in to the console shows the commitment instead of the console.
  await page.goto('/console');
  await expect(page).toHaveURL(/\/console\/sign-in/);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type="submit"]').click();
  const commitment = page.getByTestId('commitment-page');
  await expect(commitment).toBeVisible();
  await expect(page.getByTestId('commitment-text')).toContainText('不以任何方式向无关人员泄露');
  await expect(page.getByTestId('user-menu')).toHaveCount(0);
  const sign = commitment.getByRole('button', { name: '签署承诺书' });
  await expect(sign).toBeDisabled();
  await commitment.getByText('我已阅读并承诺遵守以上内容').click();
  await sign.click();
  // Then the console opens, and the work the API refused now answers.
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await expect(commitment).toHaveCount(0);
  expect((await officerApi.get('/api/health/overrides', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
  await officerApi.dispose();

  // The administrator finds the signature on 安全审计 › 保密承诺书.
  const adminPage = await page.context().browser()!.newPage();
  await signInStaffUi(adminPage, '/console', 'admin');
  await adminPage.getByTestId('side-menu').getByText('保密承诺书').click();
  await expect(adminPage).toHaveURL(/\/console\/commitments$/);
  await expect(adminPage.getByTestId('commitments-table').getByRole('cell', { name: username, exact: true })).toBeVisible();
  await adminPage.close();
  expect(pageErrors).toEqual([]);
});
