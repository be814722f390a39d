// Results and 好差评 (issue 16): the public verification page confirms a genuine document code and
// rejects a made-up one (no sign-in); a citizen rates a ticket's answer 不满意 and the rectification
// task appears in the rated department's console (demo account `health`).
import { request as playwrightRequest } from '@playwright/test';
import { expect, test, type Browser, type Page } from './fixtures.ts';
import { csrfHeader, signInCitizenWithRealName } from './health-helpers.ts';
import { signInStaffUi, staffToken } from './helpers.ts';

const HEALTH = '德阳市卫生健康委员会';

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  return context.newPage();
}

/** A cookie-free API context signed in as a demo staff account (bearer token). */
async function staffApi(username: string) {
  const request = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const headers = { authorization: `Bearer ${await staffToken(request, username)}` };
  return { request, headers };
}

test('the public verification page confirms a genuine document and rejects a made-up code', async ({ browser }) => {
  const service = await staffApi('service');
  const issued = await service.request.post('/api/documents/issued', {
    headers: service.headers,
    data: { kind: 'approval_letter', title: '准予行政许可决定书', holderName: '赵六', regionCode: '510603', facts: [{ label: '许可事项', value: '食品经营许可（新办）' }] },
  });
  expect(issued.status(), await issued.text()).toBe(201);
  const { code } = (await issued.json()) as { code: string };
  await service.request.dispose();

  // Anyone, not signed in, opens the QR code's link.
  const visitor = await phone(browser);
  await visitor.goto(`/m/verify?code=${code}`);
  const result = visitor.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-genuine', 'true');
  await expect(result).toContainText('真实有效');
  await expect(result).toContainText('食品经营许可（新办）');
  await expect(result).toContainText('赵*'); // masked as printed
  await expect(result).not.toContainText('赵六');

  // A made-up code is rejected.
  await visitor.getByTestId('verify-code').locator('input').fill('FXD-AAAA-BBBB-CCCC');
  await visitor.getByTestId('verify-submit').click();
  await expect(visitor.getByTestId('verify-result-unknown')).toContainText('查无此文书');
  await expect(visitor.getByTestId('verify-result')).toHaveCount(0);
  await visitor.context().close();
});

test('a citizen rates an answer 不满意 and the rectification task appears in the department\'s console', async ({ browser, request }) => {
  const comment = `仍然无人维持秩序 ${Date.now().toString(36)}`;
  const citizen = await phone(browser);
  await signInCitizenWithRealName(citizen, request, { name: '钱七', householdDivision: '510603' });
  const filed = await citizen.request.post('/api/tickets', {
    headers: await csrfHeader(citizen),
    data: { kind: 'complaint', title: `检测点秩序混乱 ${Date.now().toString(36)}`, description: '旌阳区检测点排队无人维持秩序。', regionCode: '510603' },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const { id } = (await filed.json()) as { id: string };

  // The office assigns it to the health commission, which answers (through the API: not what this test is about).
  const office = await staffApi('supervision');
  for (const data of [{ action: 'accept' }, { action: 'assign', department: HEALTH }]) {
    const r = await office.request.post(`/api/tickets/worklist/${id}/dispatch`, { headers: office.headers, data });
    expect(r.status(), await r.text()).toBe(200);
  }
  const health = await staffApi('health');
  for (const data of [{ action: 'start' }, { action: 'reply', note: '已增派人员。' }]) {
    const r = await health.request.post(`/api/tickets/worklist/${id}/handle`, { headers: health.headers, data });
    expect(r.status(), await r.text()).toBe(200);
  }
  await Promise.all([office.request.dispose(), health.request.dispose()]);

  // The citizen rates the answer 不满意 with a comment.
  await citizen.goto(`/m/tickets/${id}`);
  await expect(citizen.getByTestId('ticket-status')).toHaveText('已答复');
  await citizen.getByTestId('ticket-rating').getByText('不满意', { exact: true }).click();
  await citizen.locator('textarea').last().fill(comment);
  const rated = citizen.waitForResponse((r) => r.url().endsWith(`/api/tickets/mine/${id}/rating`) && r.request().method() === 'POST');
  await citizen.getByTestId('ticket-rate').click();
  expect((await rated).status()).toBe(200);

  // The health commission finds the rectification task in its console.
  const console_ = await (await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN' })).newPage();
  await signInStaffUi(console_, '/console', 'health');
  await console_.getByTestId('side-menu').getByText('差评整改', { exact: true }).click();
  await expect(console_).toHaveURL(/\/console\/results\/rectifications$/);
  const row = console_.getByTestId('rectifications-table').locator('tr', { hasText: comment });
  await expect(row).toContainText('不满意');
  await expect(row).toContainText('待整改');
  await expect(row).toContainText(HEALTH);
  await Promise.all([citizen.context().close(), console_.context().close()]);
});
