// What the government-service journeys share: a phone for the applicant, a console on the approval
// workbench for each officer, an application's drawer, a form field, a material to upload.
import { expect, test, type Browser, type Page } from './fixtures.ts';
import { signInStaffUi } from './helpers.ts';

/** A real PNG signature padded with content (sniffed as image/png by the files platform). */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(600, 7)]);

/** An uploadable material named `name`. */
export const file = (name: string) => ({ name, mimeType: 'image/png', buffer: PNG });

/** A new phone (390 × 844, touch) in a context of its own: the applicant. */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true });
  return context.newPage();
}

/** An officer signed in to the console, on the approval workbench. */
export async function consolePage(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN' })).newPage();
  await signInStaffUi(page, '/console', username);
  await page.getByTestId('side-menu').getByText('审批工作台', { exact: true }).click();
  await expect(page).toHaveURL(/\/console\/govservice\/workbench$/);
  return page;
}

/** Opens application `number` from a workbench tab in its drawer. */
export async function openApplication(page: Page, tab: '综合窗口' | '本部门审查', number: string): Promise<void> {
  await page.getByRole('tab', { name: tab }).click();
  await page.getByRole('tabpanel').getByText(number).click();
  await expect(page.getByTestId('gs-drawer')).toBeVisible();
}

/** Types into the application form's field `testId`. */
export async function fill(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).locator('input').fill(value);
}
