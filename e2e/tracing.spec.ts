// Tracing, the journey that matters most: the county command post (旌阳区) registers a confirmed case in
// the console, records the train the case took (carriage 5, seat 12F) and proposes the itinerary for
// publication; the city's health officer (a different officer, whose region contains the county's)
// reviews and approves it (maker-checker); the
// public page (no sign-in) lists it de-identified as 确诊病例N; a citizen who was in carriage 5 of
// the same train on the same day runs the same-trip self-check and is told they may be a close contact.
// Then the forms behind it: the county corrects the case's facts (订正, with the reason, kept in the
// history), the city's health officer changes a tracing setting (a county reads them only), and lab
// results are imported from a file with the bad rows listed by line.
import { writeFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from './fixtures.ts';
import ExcelJS from 'exceljs';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { declareHealthy, demoVenueDynamicCodeUrl, signInCitizenWithRealName } from './health-helpers.ts';
import { clickWhenOpened, residentId, signInStaffUi } from './helpers.ts';

// Born 2001: outside the random birth dates (1950–1999) other specs use.
const CASE_ID = residentId('20010303', '135');
const CASE_NAME = '流调测试';
const TRAIN = 'G8765';
const CHINA_MS = 8 * 3600_000;
/** China Standard Time as a datetime-local value (YYYY-MM-DDTHH:MM). */
const chinaLocal = (at: Date) => new Date(at.getTime() + CHINA_MS).toISOString().slice(0, 16);
/** A resident ID with its check character changed: a malformed document number. */
const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

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
    await clickWhenOpened(page.getByRole('dialog').filter({ hasText: '审核通过' }).getByRole('button', { name: /确\s*定|OK/ }));
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

  test('the county officer finds the report in 主动报告 and confirms the citizen as a contact', async ({ page }) => {
    await signInStaffUi(page, '/console', 'county');
    await page.getByTestId('side-menu').getByText('主动报告', { exact: true }).click();
    await expect(page).toHaveURL(/\/console\/tracing\/self-reports$/);
    const report = page.getByTestId('self-report-table').locator('tr', { hasText: TRAIN });
    await expect(report).toContainText('自*');
    await expect(report).toContainText('待处理');
    await report.getByRole('button', { name: '确认为密接' }).click();
    const form = page.getByTestId('self-report-form');
    await form.getByLabel('研判依据').fill('同车厢，本人主动报告');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.getByText('已确认为密接')).toBeVisible();
    // Decided: it leaves the 待处理 list and shows under 已确认.
    await expect(page.getByTestId('self-report-table').locator('tr', { hasText: TRAIN })).toHaveCount(0);
    await page.locator('.ant-segmented-item', { hasText: '已确认' }).click();
    await expect(page.getByTestId('self-report-table').locator('tr', { hasText: TRAIN })).toContainText('已确认');
  });

  test('the county officer corrects the case\'s facts with a reason; the history shows each field; the tracing settings are read-only for a county', async ({ page }) => {
    await signInStaffUi(page, '/console', 'county');
    await page.goto('/console/tracing/cases');
    await page.getByTestId('case-table').getByRole('row', { name: /流\*\*/ }).getByRole('button', { name: /查\s*看/ }).click();
    const drawer = page.getByTestId('case-drawer');
    await drawer.getByTestId('edit-case').click();
    const form = page.getByTestId('case-edit-form');
    const dialog = page.getByRole('dialog').filter({ has: form });
    // Published: the region is kept (public numbers are per region), said rather than offered.
    await expect(form).toContainText('已公布轨迹的病例不能改变所属地区');
    await form.getByLabel('订正原因').fill('改');
    await clickWhenOpened(dialog.getByRole('button', { name: /确\s*定/ }));
    await expect(form).toContainText('请填写 2–500 个字');
    await form.getByLabel('订正原因').fill('复核门诊记录');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect(dialog).toContainText('没有要修改的内容');
    await form.getByLabel('来源').click();
    const option = page.locator('.ant-select-item-option', { hasText: '排查发现' });
    await expect(option).toBeVisible();
    await option.click();
    await expect(form.locator('.ant-form-item', { hasText: '来源' }).locator('.ant-select-content')).toHaveText('排查发现');
    await form.getByLabel('备注').fill('同车厢旅客已通知');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.getByText('病例信息已订正')).toBeVisible();
    const history = drawer.getByTestId('case-history');
    await expect(history).toContainText('来源 医疗机构报告 → 排查发现');
    await expect(history).toContainText('备注 已修改');
    await expect(history).toContainText('复核门诊记录');
    await expect(history).not.toContainText('同车厢旅客已通知');
    await expect(drawer).toContainText('排查发现');
    await page.keyboard.press('Escape');

    await page.getByTestId('side-menu').getByText('流调参数', { exact: true }).click();
    await expect(page).toHaveURL(/\/console\/tracing\/settings$/);
    await expect(page.getByTestId('settings-read-only')).toBeVisible();
    await expect(page.getByTestId('settings-windows')).toContainText('14 天');
    await expect(page.getByTestId('settings-stays').getByRole('button')).toHaveCount(0);
  });

  test('the city\'s health officer changes the stay tracing assumes at hotels, with the reason', async ({ page }) => {
    await signInStaffUi(page, '/console', 'health');
    await page.getByTestId('side-menu').getByText('流调参数', { exact: true }).click();
    await expect(page).toHaveURL(/\/console\/tracing\/settings$/);
    const hotel = page.getByTestId('settings-stays').locator('tr', { hasText: '酒店宾馆' });
    await expect(hotel).toContainText('按各场所登记的时长');
    await hotel.getByRole('button', { name: /修\s*改/ }).click();
    const form = page.getByTestId('settings-stay-form');
    const dialog = page.getByRole('dialog').filter({ has: form });
    await form.getByText('不统一设置，按各场所登记的时长计算').click();
    await form.getByLabel('流调采用的停留时长').fill('600');
    await form.getByLabel('修改原因').fill('改');
    await clickWhenOpened(dialog.getByRole('button', { name: /确\s*定/ }));
    await expect(form).toContainText('请填写 2–500 个字');
    await form.getByLabel('修改原因').fill('酒店隔离点按 10 小时计');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.getByText('流调参数已保存')).toBeVisible();
    await expect(hotel).toContainText('600 分钟');
  });

  test('the county officer imports lab results from a file: the good rows are recorded, each bad row is listed with its line and reason', async ({ page }, testInfo) => {
    const today = chinaLocal(new Date()).slice(0, 10);
    const yesterday = chinaLocal(new Date(Date.now() - 86_400_000)).slice(0, 10);
    const csv = [
      '姓名,证件类型,证件号码,采样日期,检测类型,检测机构,检测结果,报告日期,所属地区',
      `芮阴,,${residentId('20010404', '151')},${yesterday},核酸,旌阳区人民医院,阴性,${today},510603`,
      `芮阳,,${residentId('20010405', '161')},${yesterday},抗原,旌阳区人民医院,阳性,${today},510603`,
      `芮错,,${wrongCheck(residentId('20010406', '181'))},${yesterday},核酸,旌阳区人民医院,阴性,${today},510603`,
      `芮来,,${residentId('20010407', '171')},2099-01-01,核酸,旌阳区人民医院,阴性,2099-01-02,510603`,
    ].join('\r\n');
    const file = testInfo.outputPath('lab-results.csv');
    await writeFile(file, csv);

    await signInStaffUi(page, '/console', 'county');
    await page.getByTestId('side-menu').getByText('检测结果', { exact: true }).click();
    await expect(page).toHaveURL(/\/console\/tracing\/lab-results$/);
    await page.getByTestId('lab-import').locator('input[type="file"]').setInputFiles(file);
    await expect(page.getByTestId('lab-import-summary')).toContainText('成功 2 条（其中 1 条阳性提示立案），失败 2 条');
    await expect(page.getByTestId('lab-import-summary')).toContainText('第 3 行');
    const rejected = page.getByTestId('lab-import-rejected');
    await expect(rejected.locator('tr', { hasText: '第 4 行' })).toContainText('证件号码');
    await expect(rejected.locator('tr', { hasText: '第 5 行' })).toContainText('日期');
    await expect(rejected).not.toContainText('第 2 行');
    // The good rows are kept, masked; the positive one proposes a case.
    const positive = page.getByTestId('lab-table').locator('tr', { hasText: '芮*' }).filter({ hasText: '阳性' });
    await expect(positive).toHaveCount(1);
    await expect(positive.getByRole('button', { name: /立\s*案/ })).toBeVisible();
    await expect(page.getByTestId('lab-table').locator('tr', { hasText: '芮*' }).filter({ hasText: '阴性' })).toHaveCount(1);
    await expect(page.getByTestId('lab-table')).not.toContainText('芮阳');
  });
});

// The journey: citizens A and B scan the same venue; an officer opens A as a case; tracing
// proposes B with the overlap explained (venue, times, minutes); the officer confirms; B's code turns to
// the contact colour with the reason; the public page shows A's place once published (maker-checker),
// and a third citizen's self-check by train number finds A's trip. Then the organisation batch check
// finds the same trip for a staff list uploaded in the console.
const JOURNEY_TRAIN = 'D5321';
// Surnames no other spec uses, so the masked names (鲁*, 殷*, 竺*) pick out these people among other scans.
const NAME_A = '鲁甲';
const NAME_B = '殷乙';
const NAME_C = '竺丙';

/** A cookie-free API context for reading the SMS outbox (a staff cookie left by an earlier sign-in would call for a CSRF header). */
async function freshRequest(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
}

test.describe.serial('tracing journey: co-presence at a venue, a contact\'s code, a published place and a self-check', () => {
  let documentA = '';
  let venueName = '';
  let pageB: Page;
  const departure = new Date(Math.floor((Date.now() - 5 * 3600_000) / 60_000) * 60_000);
  const arrival = new Date(departure.getTime() + 60 * 60_000);
  const tripDay = chinaLocal(departure).slice(0, 10);

  test('citizens A and B scan the same venue', async ({ browser }) => {
    const a = await newPage(browser);
    const forA = await freshRequest();
    ({ documentNumber: documentA } = await signInCitizenWithRealName(a, forA, { name: NAME_A, householdDivision: '510603' }));
    await forA.dispose();
    await declareHealthy(a, '510603');
    pageB = await newPage(browser);
    const forB = await freshRequest();
    await signInCitizenWithRealName(pageB, forB, { name: NAME_B, householdDivision: '510603' });
    await forB.dispose();
    await declareHealthy(pageB, '510603');
    await pageB.goto('/m/health');
    await expect(pageB.getByTestId('health-code-card')).toHaveAttribute('data-colour', 'green');
    for (const citizen of [a, pageB]) {
      const code = await demoVenueDynamicCodeUrl();
      venueName = code.venueName;
      await citizen.goto(code.url);
      await expect(citizen.getByTestId('entry-page')).toBeVisible();
      await expect(citizen.getByTestId('entry-decision')).toHaveText('通行');
    }
    await a.context().close();
  });

  test('an officer opens A as a case; tracing proposes B with the overlap explained; the officer confirms', async ({ page }) => {
    await signInStaffUi(page, '/console', 'county');
    await page.goto('/console/tracing/cases');
    await page.getByRole('button', { name: '登记病例' }).click();
    const form = page.getByTestId('case-form');
    await form.getByLabel('姓名').fill(NAME_A);
    await form.getByLabel('证件号码').fill(documentA);
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.getByText('病例已登记')).toBeVisible();
    await page.getByTestId('case-table').getByRole('row', { name: /鲁\*/ }).getByRole('button', { name: /查\s*看/ }).click();
    const drawer = page.getByTestId('case-drawer');

    // The itinerary from A's own scans: the venue, one stay of the venue's default length.
    await drawer.getByRole('button', { name: '导入本人扫码记录' }).click();
    await expect(page.getByText('已导入 1 个停留点')).toBeVisible();
    await expect(drawer.getByTestId('itinerary-table')).toContainText(venueName);

    // B is proposed, the exposure explained: the venue, B's scan, the assumed stay, A's window, the minutes.
    const candidate = drawer.getByTestId('candidate-table').getByRole('row', { name: /殷\*/ });
    await expect(candidate).toContainText(venueName);
    await expect(candidate).toContainText(/扫码 .+（按停留 \d+ 分钟计），病例在场 .+–.+，重叠 [\d.]+ 分钟/);
    // The list is the first page of the ranking with the count of all (已显示 N 人，共 M 人).
    await expect(drawer.getByTestId('candidate-pager')).toContainText(/已显示 \d+ 人，共 \d+ 人/);
    // The ranking's total overlap (its own column).
    await expect(candidate.locator('td').nth(3)).toHaveText(/^[\d.]+ 分钟$/);
    await candidate.getByRole('button', { name: '确认为密接' }).click();
    await page.getByRole('dialog').getByLabel('研判依据').fill('同时段在市民中心');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.getByText('已记录研判结果')).toBeVisible();
    await expect(candidate).toContainText('已确认 · 密切接触者');

    // A's train, and the itinerary (the stay and the trip) proposed for publication.
    await drawer.getByTestId('add-trip').click();
    const point = page.getByTestId('point-form');
    await point.getByLabel('开始时间').fill(chinaLocal(departure));
    await point.getByLabel('结束时间').fill(chinaLocal(arrival));
    await point.getByLabel('车次/航班号/线路').fill(JOURNEY_TRAIN);
    await point.getByLabel('车厢/舱室').fill('3');
    await point.getByLabel('座位号').fill('08A');
    await page.getByRole('dialog').filter({ has: point }).getByRole('button', { name: /确\s*定/ }).click();
    await expect(drawer.getByTestId('itinerary-table')).toContainText(JOURNEY_TRAIN);
    await drawer.getByTestId('publish-itinerary').click();
    await clickWhenOpened(page.getByRole('dialog').filter({ hasText: '审核通过' }).getByRole('button', { name: /确\s*定|OK/ }));
    await expect(page.getByText('已提交 2 个轨迹点，等待另一名工作人员审核后公布')).toBeVisible();
  });

  test('B\'s health code turns to the contact colour with the reason', async () => {
    await pageB.goto('/m/health');
    await expect(pageB.getByTestId('health-code-card')).toHaveAttribute('data-colour', 'yellow');
    await expect(pageB.getByTestId('health-code-colour')).toHaveText('黄码');
    await expect(pageB.getByTestId('health-code-reasons')).toContainText('密切接触者');
    await expect(pageB.getByTestId('health-code-reasons')).toContainText('流调时空交集');
  });

  test('after B\'s exposure B and C scan the venue; from B the officer proposes second-degree contacts, confirms C, and C\'s code turns yellow', async ({ page, browser }) => {
    const c = await newPage(browser);
    const forC = await freshRequest();
    await signInCitizenWithRealName(c, forC, { name: NAME_C, householdDivision: '510603' });
    await forC.dispose();
    await declareHealthy(c, '510603');
    await c.goto('/m/health');
    await expect(c.getByTestId('health-code-card')).toHaveAttribute('data-colour', 'green');
    // B (now yellow: a new visit, after their exposure to A) and C at the venue together.
    for (const citizen of [pageB, c]) {
      await citizen.goto((await demoVenueDynamicCodeUrl()).url);
      await expect(citizen.getByTestId('entry-page')).toBeVisible();
    }
    await pageB.context().close();

    await signInStaffUi(page, '/console', 'county');
    await page.goto('/console/tracing/cases');
    await page.getByTestId('case-table').getByRole('row', { name: /鲁\*/ }).getByRole('button', { name: /查\s*看/ }).click();
    const drawer = page.getByTestId('case-drawer');
    await drawer.getByTestId('second-degree-run').click();
    const candidate = drawer.getByTestId('second-degree-table').getByRole('row', { name: /竺\*/ });
    // Explained: through contact B, at the venue, with the minutes.
    await expect(candidate).toContainText('经密接 殷*');
    await expect(candidate).toContainText(venueName);
    await expect(candidate.locator('td').nth(3)).toHaveText(/^[\d.]+ 分钟$/);
    // B, a confirmed contact, is not their own second degree; nor is A, the case.
    await expect(drawer.getByTestId('second-degree-table').locator('tr td:first-child', { hasText: /殷\*|鲁\*/ })).toHaveCount(0);
    await candidate.getByRole('button', { name: '确认为次密接' }).click();
    const form = page.getByTestId('second-degree-form');
    await expect(form.locator('.ant-form-item', { hasText: '接触类型' }).locator('.ant-select-content')).toHaveText('次密切接触者');
    await form.getByLabel('研判依据').fill('密接殷某同时段在市民中心');
    await clickWhenOpened(page.getByRole('dialog').filter({ has: form }).getByRole('button', { name: /确\s*定/ }));
    await expect(page.getByText('已记录研判结果')).toBeVisible();
    // Confirmed, C leaves the candidate list and joins the case's contacts: B first degree, C second, each with who decided and the follow-up.
    await expect(candidate).toHaveCount(0);
    const contacts = drawer.getByTestId('case-contacts');
    await expect(contacts.getByRole('row', { name: /殷\*/ })).toContainText(/密接（一度）.*已确认 · 密切接触者.*随访中/);
    await expect(contacts.getByRole('row', { name: /竺\*/ })).toContainText(/次密接（二度）.*已确认 · 次密切接触者.*密接殷某同时段在市民中心.*随访中/);

    await c.goto('/m/health');
    await expect(c.getByTestId('health-code-card')).toHaveAttribute('data-colour', 'yellow');
    await expect(c.getByTestId('health-code-reasons')).toContainText('次密切接触者');
    await expect(c.getByTestId('health-code-reasons')).toContainText('流调时空交集');
    await c.context().close();
  });

  test('the health officer approves the publication; the public page shows A\'s place and trip', async ({ page, browser }) => {
    await signInStaffUi(page, '/console', 'health');
    await page.goto('/console/tracing/cases');
    const proposal = page.getByTestId('publication-proposals').locator('tr', { hasText: JOURNEY_TRAIN });
    await expect(proposal).toContainText(venueName);
    await proposal.getByRole('button', { name: /审核通过/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect(page.getByText('已审核通过，已生效')).toBeVisible();

    const anonymous = await newPage(browser);
    await anonymous.goto('/m/tracing/itineraries');
    const list = anonymous.getByTestId('published-itineraries');
    await expect(list).toContainText(venueName);
    await expect(list).toContainText(JOURNEY_TRAIN);
    await expect(anonymous.locator('body')).not.toContainText(NAME_A);
    await expect(anonymous.locator('body')).not.toContainText('08A');
    await anonymous.context().close();
  });

  test('a third citizen\'s self-check by train number finds the trip', async ({ browser }) => {
    const third = await newPage(browser);
    const forThird = await freshRequest();
    await signInCitizenWithRealName(third, forThird, { name: '第三人' });
    await forThird.dispose();
    await third.goto('/m/tracing/self-check');
    await third.getByRole('button', { name: '添加车次/航班' }).click();
    await third.getByPlaceholder('如 G1234、CA4321').fill(JOURNEY_TRAIN);
    await third.getByTestId('self-check-date').fill(tripDay);
    await third.locator('[data-testid="self-check-carriage"] input, input[data-testid="self-check-carriage"]').fill('3');
    await third.getByTestId('self-check-run').click();
    const matches = third.getByTestId('self-check-matches');
    await expect(matches).toContainText(JOURNEY_TRAIN);
    await expect(matches).toContainText('密切接触者');
    await third.context().close();
  });

  test('an organisation\'s staff list checked in the console finds the same trip, row by row, with a downloadable result', async ({ page }, testInfo) => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名单');
    sheet.addRow(['姓名', '手机号或证件号后四位', '交通方式', '车次/航班号', '日期', '车厢/舱室', '排', '座位']);
    sheet.addRow(['王同车', '1234', '高铁', JOURNEY_TRAIN, tripDay, '3', '', '09B']);
    sheet.addRow(['李邻厢', '5678', '火车', JOURNEY_TRAIN, tripDay, '4', '', '']);
    sheet.addRow(['赵无关', '9012', '火车', 'K1', tripDay, '1', '', '']);
    sheet.addRow(['钱错号', '3456', '火车', '高铁一号', tripDay, '', '', '']);
    const file = testInfo.outputPath('staff-trips.xlsx');
    await book.xlsx.writeFile(file);

    await signInStaffUi(page, '/console', 'health');
    await page.getByTestId('side-menu').getByText('单位批量核查', { exact: true }).click();
    await expect(page).toHaveURL(/\/console\/tracing\/batch-check$/);
    await page.getByTestId('batch-upload').locator('input[type="file"]').setInputFiles(file);
    const rows = page.getByTestId('batch-rows');
    await expect(rows.locator('tr', { hasText: '王同车' })).toContainText('密切接触者');
    await expect(rows.locator('tr', { hasText: '李邻厢' })).toContainText('一般接触者');
    await expect(rows.locator('tr', { hasText: '赵无关' })).toContainText('未匹配');
    await expect(page.getByTestId('batch-rejected')).toContainText('5');
    // The refusal is a code the console words in the reader's language.
    await expect(page.getByTestId('batch-rejected')).toContainText('车次或航班号格式不正确');
    await expect(page.getByTestId('batch-rejected')).toContainText('车次/航班号');
    await expect(page.getByTestId('batch-summary')).toContainText('3');
    const download = page.waitForEvent('download');
    await page.getByTestId('batch-download').click();
    const saved = testInfo.outputPath('result.xlsx');
    await (await download).saveAs(saved);
    const result = new ExcelJS.Workbook();
    await result.xlsx.readFile(saved);
    expect(result.worksheets.map((w) => w.name)).toEqual(['核查结果', '错误行']);
  });

  test('a citizen acting for their organisation runs the same batch check in the app', async ({ browser }, testInfo) => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名单');
    sheet.addRow(['姓名', '手机号或证件号后四位', '交通方式', '车次/航班号', '日期', '车厢/舱室', '排', '座位']);
    sheet.addRow(['孙同车', '1111', '火车', JOURNEY_TRAIN, tripDay, '3', '', '']);
    sheet.addRow(['周未来', '2222', '火车', JOURNEY_TRAIN, '2099-01-01', '3', '', '']);
    const file = testInfo.outputPath('org-trips.xlsx');
    await book.xlsx.writeFile(file);

    const citizen = await newPage(browser);
    const forCitizen = await freshRequest();
    await signInCitizenWithRealName(citizen, forCitizen, { name: '单位联络员' });
    await forCitizen.dispose();
    await citizen.goto('/m/tracing/self-check');
    await citizen.getByTestId('self-check-batch-link').click();
    await expect(citizen).toHaveURL(/\/m\/tracing\/batch-check$/);
    await citizen.getByTestId('batch-file').setInputFiles(file);
    await expect(citizen.getByTestId('batch-rows')).toContainText('孙同车');
    await expect(citizen.getByTestId('batch-rows')).toContainText('密切接触者');
    await expect(citizen.getByTestId('batch-rejected')).toContainText('第 3 行 · 日期');
    await expect(citizen.getByTestId('batch-rejected')).toContainText('日期应为 YYYY-MM-DD，且不晚于今天');
    await citizen.context().close();
  });
});
