// Government-service figures in the console (demo account `service`, 德阳市政务服务中心): the 办件统计
// page shows the items and cases per mode as the seed reports give them ("N 个事项支持容缺受理，累计办理 M 件"),
// the on-site versus online handling with the on-site share, and downloads the figures as XLSX; the
// hall's window form picks its items from the published catalogue. Nothing is changed.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { request as playwrightRequest } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { addDays, todayInChina } from '../packages/contracts/src/kernel/days.ts';
import { signInStaffUi, staffToken } from './helpers.ts';

test('the statistics page shows the figures per mode and the on-site share, and downloads them as XLSX', async ({ page }) => {
  const api = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const headers = { authorization: `Bearer ${await staffToken(api, 'service')}` };
  const figures = await (await api.get('/api/govservice/figures', { headers })).json() as {
    items: { total: number; tolerance: number; commitment: number; priority: number };
    byMode: { mode: string; n: number }[];
    greenChannel: number;
  };
  const today = todayInChina();
  const handling = await (await api.get(`/api/hall/handling?from=${addDays(today, -29)}&to=${today}`, { headers })).json() as { totals: { served: number; online: number; onsiteShare: number | null } };
  const cases = (mode: string) => figures.byMode.filter((r) => r.mode === mode).reduce((a, r) => a + r.n, 0);
  // The demo catalogue publishes eight items, some allowing 容缺受理 and 告知承诺.
  expect(figures.items.total).toBeGreaterThanOrEqual(8);
  expect(figures.items.tolerance).toBeGreaterThan(0);

  await signInStaffUi(page, '/console', 'service');
  await page.getByTestId('side-menu').getByText('办件统计', { exact: true }).click();
  await expect(page).toHaveURL(/\/console\/govservice\/figures$/);
  await expect(page.getByTestId('gs-line-tolerance')).toHaveText(`${figures.items.tolerance} 个事项支持，累计办理 ${cases('tolerance')} 件`);
  await expect(page.getByTestId('gs-line-commitment')).toHaveText(`${figures.items.commitment} 个事项支持，累计办理 ${cases('commitment')} 件`);
  await expect(page.getByTestId('gs-line-priority')).toHaveText(`${figures.items.priority} 个事项支持，绿色通道办件 ${figures.greenChannel} 件`);
  const onsite = page.getByTestId('gs-figures-onsite');
  await expect(onsite).toContainText('现场办结');
  await expect(onsite).toContainText(handling.totals.onsiteShare === null ? '—' : `${handling.totals.onsiteShare}%`);
  await expect(page.getByTestId('gs-figures-by-mode')).toContainText('容缺受理');
  await expect(page.getByTestId('gs-figures-by-mode')).toContainText('告知承诺');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('gs-figures-download').click()]);
  expect(download.suggestedFilename()).toBe('govservice-figures.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
  const row = workbook.getWorksheet('事项 items')!.getRow(2).values as unknown[];
  expect(row.slice(1)).toEqual([figures.items.total, figures.items.tolerance, figures.items.commitment, figures.items.priority, figures.greenChannel]);
  await api.dispose();
});

test('a window picks its items from the published catalogue', async ({ page }) => {
  await signInStaffUi(page, '/console', 'service');
  await page.getByTestId('side-menu').getByText('大厅与窗口', { exact: true }).click();
  await expect(page.getByTestId('hall-windows')).toContainText('食品经营许可（新办）');
  await page.getByTestId('hall-add-window').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('办理事项').click();
  await dialog.getByLabel('办理事项').fill('消防');
  await expect(page.locator('.ant-select-item-option', { hasText: 'XF-JC-001 公众聚集场所投入使用、营业前消防安全检查' })).toBeVisible();
  await dialog.getByRole('button', { name: /取\s*消/ }).click();
  await expect(dialog).toBeHidden();
});
