// The core ticket journey: a citizen files a complaint on a phone-width page; the supervision office
// (demo account `supervision`) accepts it and assigns it to the health commission; the health
// commission (demo account `health`) answers it; the citizen sees the answer in the timeline and rates it.
import { request as playwrightRequest } from '@playwright/test';
import { expect, test, type Browser, type Page } from './fixtures.ts';
import { signInCitizenWithRealName } from './health-helpers.ts';
import { signInStaffUi, staffToken } from './helpers.ts';

const TITLE = `核酸检测点无人维持秩序 ${Date.now().toString(36)}`;
const ANSWER = '已协调街道增派两名工作人员维持秩序，并开设老人专用通道。';
const HEALTH = '德阳市卫生健康委员会';

async function consolePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN' });
  return context.newPage();
}

async function openTicket(page: Page): Promise<void> {
  await page.getByTestId('side-menu').getByText('工单处理', { exact: true }).click();
  await expect(page).toHaveURL(/\/console\/tickets$/);
  await page.getByTestId('tickets-table').getByText(TITLE).click();
  await expect(page.getByTestId('ticket-drawer')).toBeVisible();
}

test('a citizen files a complaint, the office assigns it, the department answers, the citizen sees and rates the answer', async ({ browser, request }) => {
  const citizen = await (await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await signInCitizenWithRealName(citizen, request, { name: '王五', householdDivision: '510603' });

  // The citizen files a complaint (the area starts at their household division).
  await citizen.goto('/m/tickets');
  await citizen.getByTestId('new-ticket').click();
  await expect(citizen).toHaveURL(/\/m\/tickets\/new$/);
  await citizen.getByTestId('ticket-title').locator('input').fill(TITLE);
  await citizen.getByTestId('ticket-description').locator('textarea').fill('长江东路检测点排队两小时无人维持秩序，老人只能站着等候。');
  await citizen.getByTestId('ticket-address').locator('input').fill('旌阳区长江东路');
  await citizen.getByRole('button', { name: '提交' }).click();
  await expect(citizen).toHaveURL(/\/m\/tickets\/[0-9a-f-]{36}$/);
  await expect(citizen.getByTestId('ticket-status')).toHaveText('待受理');
  const ticketUrl = citizen.url();

  // The supervision office accepts and assigns it.
  const office = await consolePage(browser);
  await signInStaffUi(office, '/console', 'supervision');
  await openTicket(office);
  await office.getByTestId('ticket-action-accept').click();
  await expect(office.getByTestId('ticket-detail')).toContainText('已受理');
  await office.getByTestId('ticket-department').click();
  await office.locator('.ant-select-item-option', { hasText: HEALTH }).click();
  // The picked option's list closes before the button under it is clicked (it intercepted the click on a loaded machine).
  await expect(office.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')).toHaveCount(0);
  await office.getByTestId('ticket-action-assign').click();
  await expect(office.getByTestId('ticket-detail')).toContainText('已派单');
  await expect(office.getByTestId('ticket-detail')).toContainText(HEALTH);
  // The reporter's contact is masked for officers.
  await expect(office.getByTestId('ticket-detail')).not.toContainText('王五');

  // The health commission answers it.
  const department = await consolePage(browser);
  await signInStaffUi(department, '/console', 'health');
  await openTicket(department);
  await department.getByTestId('ticket-note').fill(ANSWER);
  await department.getByTestId('ticket-action-reply').click();
  await expect(department.getByTestId('ticket-detail')).toContainText('已答复');
  await expect(department.getByTestId('ticket-history')).toContainText(ANSWER);

  // The citizen sees the answer and the timeline, and rates it.
  await citizen.goto(ticketUrl);
  await expect(citizen.getByTestId('ticket-status')).toHaveText('已答复');
  await expect(citizen.getByTestId('ticket-reply')).toHaveText(ANSWER);
  const timeline = citizen.getByTestId('ticket-timeline');
  for (const step of ['提交', '受理', '派单', '答复']) await expect(timeline).toContainText(step);
  await expect(timeline).toContainText(HEALTH);
  await citizen.getByTestId('ticket-rating').getByText('满意', { exact: true }).click();
  await citizen.getByTestId('ticket-rate').click();
  await expect(citizen.getByTestId('ticket-status')).toHaveText('已办结');

  await Promise.all([citizen.context().close(), office.context().close(), department.context().close()]);
});

// The management pages and the citizen form's categories and suggestions: a 12345 operator (demo `service`)
// files a testing-site complaint under the seeded category 核酸检测服务 with its form; a citizen writing a
// similar complaint sees the category's form and the suggestion and adds themselves (我也遇到了) instead of
// filing; the supervision office (demo `supervision`) sees the month's KPIs, the category tree and the
// seeded routing rules, and dry-runs them.
test('hotline filing, categories and suggestions in the citizen form, 我也遇到了, and the KPI / categories / routing pages', async ({ browser, request }) => {
  test.setTimeout(240_000); // three sessions and seven pages on a shared 2-core machine
  const suffix = Date.now().toString(36);
  const operator = await consolePage(browser);
  await signInStaffUi(operator, '/console', 'service');
  await operator.goto('/console/tickets/hotline');
  const form = operator.getByTestId('hotline-form');
  await form.getByLabel('分类（可选）').click();
  await operator.keyboard.type('核酸');
  await operator.locator('.ant-select-item-option', { hasText: '核酸检测服务' }).click();
  await form.getByLabel('检测点').fill('长江东路检测点');
  await form.getByLabel('标题').fill(`长江东路检测点排队无人管理 ${suffix}`);
  await form.getByLabel('内容').fill('来电反映长江东路检测点排队两小时无人维持秩序。');
  await form.getByLabel('所在区划代码（6 位）').fill('510603');
  await operator.getByTestId('hotline-submit').click();
  await expect(operator.getByTestId('hotline-filed')).toContainText('TK');
  const number = /TK\d{8}-[0-9A-Z]+/.exec((await operator.getByTestId('hotline-filed').textContent()) ?? '')![0];

  // A citizen writes a similar complaint: the category offers its form, and the open ticket is suggested.
  const citizen = await (await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await signInCitizenWithRealName(citizen, request, { name: '吴十', householdDivision: '510603' });
  await citizen.goto('/m/tickets/new');
  await citizen.getByTestId('ticket-category').getByText('核酸检测服务', { exact: true }).click();
  await expect(citizen.getByRole('textbox', { name: '检测点 *' })).toBeVisible();
  await citizen.getByTestId('ticket-title').locator('input').fill('长江东路检测点排队没人管');
  const suggestion = citizen.getByTestId(`ticket-support-${number}`);
  await expect(suggestion).toBeVisible({ timeout: 30_000 });
  await suggestion.click();
  await expect(citizen).toHaveURL(/\/m\/tickets$/);
  await expect(citizen.getByTestId('supported-tickets')).toContainText(`长江东路检测点排队无人管理 ${suffix}`);
  await expect(citizen.getByTestId('supported-tickets')).toContainText('1 人也反映');

  // The supervision office: KPIs of this month, the category tree with its form, the routing rules and their dry run.
  const office = await consolePage(browser);
  await signInStaffUi(office, '/console', 'supervision');
  await office.goto('/console/tickets/kpi');
  await expect(office.getByTestId('kpi-departments')).toContainText('未分派');
  await office.goto('/console/tickets/categories');
  await office.getByTestId('categories-tree').getByText('核酸检测服务 (TC-TESTING)', { exact: true }).click();
  await expect(office.getByText('等候时长（分钟）')).toBeVisible();
  await office.goto('/console/tickets/routing-rules');
  await expect(office.getByTestId('routing-form')).toBeVisible();
  await office.getByTestId('routing-dry-run').click();
  await expect(office.getByTestId('routing-dry-run-result')).toContainText(number);

  await Promise.all([operator.context().close(), citizen.context().close(), office.context().close()]);
});

// The worklist pages by keyset (下一页 / 上一页 with the API's `next` cursor), with a count that stops at 1 000.
test('the worklist pages by keyset: next and previous pages, the count beside them', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const admin = await staffToken(request, 'admin');
  const client = await request.post('/api/admin/api-clients', { headers: { authorization: `Bearer ${admin}` }, data: { name: `分页测试 ${Date.now().toString(36)}`, permissions: ['open311.requests'], regionCode: '510600' } });
  expect(client.status(), await client.text()).toBe(201);
  const key = ((await client.json()) as { key: string }).key;
  // More than one page (20) of new tickets, filed through Open311 at once (they commit as one batch),
  // from a client without the admin's session cookie (as an outside system calls).
  const outside = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const filed = await Promise.all(
    Array.from({ length: 22 }, (_, i) =>
      outside.post('/api/open311/v2/requests.json', { data: { api_key: key, service_code: 'TK-HELP', jurisdiction_id: '510603', address_string: `旌阳区分页路${i + 1}号`, description: `分页测试诉求 ${i + 1}：路灯不亮。` } }),
    ),
  );
  for (const r of filed) expect(r.status(), await r.text()).toBe(200);
  await outside.dispose();

  const office = await consolePage(browser);
  await signInStaffUi(office, '/console', 'supervision');
  await office.getByTestId('side-menu').getByText('工单处理', { exact: true }).click();
  const table = office.getByTestId('tickets-table');
  const rows = table.locator('tbody tr.ant-table-row');
  await expect(office.getByTestId('tickets-page')).toHaveText('第 1 页');
  await expect(rows).toHaveCount(20);
  await expect(office.getByTestId('tickets-total')).toHaveText(/^共 \d+ 件$/);
  const total = Number(/\d+/.exec((await office.getByTestId('tickets-total').textContent()) ?? '')![0]);
  expect(total).toBeGreaterThanOrEqual(22);
  await expect(office.getByTestId('tickets-previous')).toBeDisabled();
  const firstOnPage1 = await rows.first().locator('td').first().textContent();

  await office.getByTestId('tickets-next').click();
  await expect(office.getByTestId('tickets-page')).toHaveText('第 2 页');
  await expect(rows.first().locator('td').first()).not.toHaveText(firstOnPage1!);
  const onPage2 = await rows.count();
  expect(onPage2).toBe(Math.min(20, total - 20));
  if (total <= 40) await expect(office.getByTestId('tickets-next')).toBeDisabled();

  await office.getByTestId('tickets-previous').click();
  await expect(office.getByTestId('tickets-page')).toHaveText('第 1 页');
  await expect(rows.first().locator('td').first()).toHaveText(firstOnPage1!);
  await expect(office.getByTestId('tickets-previous')).toBeDisabled();
  await office.context().close();
});
