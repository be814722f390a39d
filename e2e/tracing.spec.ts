// Tracing, the journey that matters most: the county command post (旌阳区) registers a confirmed case in
// the console, records the train the case took (carriage 5, seat 12F) and proposes the itinerary for
// publication; the city's health officer (a different officer, whose region contains the county's)
// reviews and approves it (maker-checker); the
// public page (no sign-in) lists it de-identified as 确诊病例N; a citizen who was in carriage 5 of
// the same train on the same day runs the same-trip self-check and is told they may be a close contact.
import { expect, test, type Browser, type Page } from './fixtures.ts';
import { signInCitizenWithRealName } from './health-helpers.ts';
import { residentId, signInStaffUi } from './helpers.ts';

// Born 2001: outside the random birth dates (1950–1999) other specs use.
const CASE_ID = residentId('20010303', '135');
const CASE_NAME = '流调测试';
const TRAIN = 'G8765';
const CHINA_MS = 8 * 3600_000;
/** China Standard Time as a datetime-local value (YYYY-MM-DDTHH:MM). */
const chinaLocal = (at: Date) => new Date(at.getTime() + CHINA_MS).toISOString().slice(0, 16);

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN' });
  return context.newPage();
}

test.describe.serial('tracing: publish an itinerary, then a citizen\'s self-check finds the trip', () => {
  const departure = new Date(Math.floor((Date.now() - 3 * 3600_000) / 60_000) * 60_000);
  const arrival = new Date(departure.getTime() + 90 * 60_000);
  const tripDay = chinaLocal(departure).slice(0, 10);

  test('a county officer registers a case, records its train and proposes it; the health officer approves its publication', async ({ page, browser }) => {
    await signInStaffUi(page, '/console', 'county');
    const menu = page.getByTestId('side-menu');
    await menu.getByText('病例档案', { exact: true }).click();
    await expect(page).toHaveURL(/\/console\/tracing\/cases$/);

    await page.getByRole('button', { name: '登记病例' }).click();
    const form = page.getByTestId('case-form');
    await form.getByLabel('姓名').fill(CASE_NAME);
    await form.getByLabel('证件号码').fill(CASE_ID);
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.getByText('病例已登记')).toBeVisible();
    const row = page.getByTestId('case-table').getByRole('row', { name: /流\*\*/ });
    await expect(row).toContainText(`${CASE_ID.slice(0, 4)}**********${CASE_ID.slice(-4)}`);
    await expect(row).toContainText('确诊病例');
    await expect(page.getByTestId('case-table')).not.toContainText(CASE_ID);

    await row.getByRole('button', { name: /查\s*看/ }).click();
    const drawer = page.getByTestId('case-drawer');
    await drawer.getByTestId('add-trip').click();
    const point = page.getByTestId('point-form');
    await point.getByLabel('开始时间').fill(chinaLocal(departure));
    await point.getByLabel('结束时间').fill(chinaLocal(arrival));
    await point.getByLabel('车次/航班号/线路').fill(TRAIN);
    await point.getByLabel('车厢/舱室').fill('5');
    await point.getByLabel('座位号').fill('12F');
    await page.getByRole('dialog').filter({ has: point }).getByRole('button', { name: /确\s*定/ }).click();
    await expect(drawer.getByTestId('itinerary-table')).toContainText(`火车 ${TRAIN} · 5 · 12F`);
    await expect(drawer.getByTestId('itinerary-table')).toContainText('待公布');

    await drawer.getByTestId('publish-itinerary').click();
    await page.getByRole('dialog').filter({ hasText: '审核通过' }).getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect(page.getByText('已提交 1 个轨迹点，等待另一名工作人员审核后公布')).toBeVisible();
    await expect(drawer.getByTestId('itinerary-table')).toContainText('待公布');
    await page.keyboard.press('Escape');
    // The proposer sees the proposal waiting, without buttons to decide it.
    const own = page.getByTestId('publication-proposals').locator('tr', { hasText: TRAIN });
    await expect(own).toContainText('待审核');
    await expect(own).toContainText('等待其他工作人员审核');
    await expect(own.getByRole('button')).toHaveCount(0);

    // The city's health officer reviews what would be public (no seat) and approves.
    const health = await newPage(browser);
    await signInStaffUi(health, '/console', 'health');
    await health.goto('/console/tracing/cases');
    const proposal = health.getByTestId('publication-proposals').locator('tr', { hasText: TRAIN });
    await expect(proposal).toContainText('公布 确诊病例 的 1 个轨迹点');
    await expect(proposal).not.toContainText('12F');
    await proposal.getByRole('button', { name: /审核通过/ }).click();
    await health.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect(health.getByText('已审核通过，已生效')).toBeVisible();
    await expect(proposal).toContainText('已通过');

    const published = health.getByTestId('case-table').getByRole('row', { name: /流\*\*/ });
    await expect(published).toContainText(/确诊病例\d+/);
    await published.getByRole('button', { name: /查\s*看/ }).click();
    await expect(health.getByTestId('case-drawer').getByTestId('itinerary-table')).toContainText('已公布');
    await expect(health.getByTestId('case-drawer')).toContainText(/确诊病例\d+/);
    await health.context().close();
  });

  test('the public page lists the published trip without the person or the seat, no sign-in needed', async ({ browser }) => {
    const anonymous = await newPage(browser);
    await anonymous.goto('/m/tracing/itineraries');
    const list = anonymous.getByTestId('published-itineraries');
    await expect(list).toContainText(TRAIN);
    await expect(list).toContainText(/确诊病例\d+/);
    await expect(anonymous.locator('body')).not.toContainText(CASE_NAME);
    await expect(anonymous.locator('body')).not.toContainText('12F');
    await anonymous.context().close();
  });

  test('a citizen in the same carriage of the same train checks themself and is told they may be a close contact', async ({ browser, request }) => {
    const citizen = await newPage(browser);
    await signInCitizenWithRealName(citizen, request, { name: '自查者' });
    await citizen.goto('/');
    await citizen.getByText('同行程自查').click();
    await expect(citizen).toHaveURL(/\/m\/tracing\/self-check$/);

    // Without a trip, the citizen's scans alone match nothing.
    await citizen.getByTestId('self-check-run').click();
    await expect(citizen.getByTestId('self-check-clear')).toBeVisible();

    await citizen.getByRole('button', { name: '添加车次/航班' }).click();
    await citizen.getByPlaceholder('如 G1234、CA4321').fill(TRAIN.toLowerCase());
    await citizen.getByTestId('self-check-date').fill(tripDay);
    await citizen.locator('[data-testid="self-check-carriage"] input, input[data-testid="self-check-carriage"]').fill('05');
    await citizen.getByTestId('self-check-run').click();
    const matches = citizen.getByTestId('self-check-matches');
    await expect(matches).toContainText('密切接触者');
    await expect(matches).toContainText(TRAIN);
    await expect(matches).toContainText('主动向社区或疾控报告');
    // Reporting the match sends the officers of the case's region a contact proposal.
    await matches.getByTestId('self-check-report').first().click();
    await expect(citizen.getByText('已报告，疾控人员将与您联系')).toBeVisible();
    await expect(matches.getByTestId('self-check-report').first()).toContainText('已报告');
    await citizen.context().close();
  });
});
