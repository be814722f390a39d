// Government-service results (issue 16): an applicant uses 告知承诺 for a food licence, is approved at
// once, downloads the signed PDF from 我的办件 and the public verification page confirms its code;
// then rates the handling 不满意 and the rectification task appears in the console of an officer of
// the licensing department (德阳市市场监督管理局; an account of its own, which signs the
// confidentiality commitment first, so no shared demo account changes).
import { request as playwrightRequest } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { csrfHeader, signInCitizenWithRealName } from './health-helpers.ts';
import { file, fill, phonePage } from './govservice-helpers.ts';
import { residentId, signInStaffUi, staffToken, uniqueUsername } from './helpers.ts';

const MARKET = '德阳市市场监督管理局';

test('告知承诺 approves at once with a signed PDF the public page verifies; a 不满意 rating reaches the department\'s rectification list', async ({ browser, request }) => {
  test.setTimeout(240_000); // rendering the PDF and two sign-ins on a shared, loaded machine
  const comment = `办理说明不清楚 ${Date.now().toString(36)}`;
  const citizen = await phonePage(browser);
  await signInCitizenWithRealName(citizen, request, { name: '孙八', householdDivision: '510603' });
  await citizen.goto('/m/services/items/SCJG-SP-002');
  await citizen.getByTestId('gs-apply').click();
  await fill(citizen, 'gs-field-operatorName', '孙八小吃店');
  await citizen.getByTestId('gs-field-category').getByText('餐饮服务经营者').click();
  await fill(citizen, 'gs-field-seats', '16');
  await fill(citizen, 'gs-field-address', '旌阳区泰山北路 9 号');
  await fill(citizen, 'gs-field-managerId', residentId('19860606', '357'));
  await fill(citizen, 'gs-field-contactPhone', '13912345679');
  for (const key of ['licence', 'layout', 'system', 'health']) {
    await citizen.getByTestId(`gs-upload-${key}`).setInputFiles(file(`${key}.png`));
    await expect(citizen.getByTestId(`gs-count-${key}`)).toHaveText('1');
  }
  await citizen.getByText('告知承诺', { exact: true }).click();
  await citizen.getByText('我已阅读并承诺').click();
  await citizen.getByTestId('gs-submit').click();
  await expect(citizen).toHaveURL(/\/m\/services\/mine\/[0-9a-f-]{36}$/);
  await expect(citizen.getByTestId('gs-status')).toHaveText('准予办理');

  // The signed PDF: its code, a download that is a PDF, and the file verifies as that document.
  const card = citizen.getByTestId('gs-document');
  await expect(card).toContainText('食品经营许可证');
  const code = (await citizen.getByTestId('gs-document-code').innerText()).trim();
  expect(code).toMatch(/^FXD-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  const href = (await citizen.getByTestId('gs-document-download').getAttribute('href'))!;
  const pdf = await citizen.request.get(href);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const [download] = await Promise.all([citizen.waitForEvent('download'), citizen.getByTestId('gs-document-download').click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const checked = await citizen.request.post('/api/documents/verify-file', { headers: await csrfHeader(citizen), data: { pdfBase64: bytes.toString('base64'), code } });
  expect(await checked.json()).toMatchObject({ genuine: true, status: 'valid' });

  // The public verification page (the QR code's link) confirms the code.
  await citizen.getByTestId('gs-document-verify').click();
  await expect(citizen).toHaveURL(new RegExp(`/m/verify\\?code=${code}$`));
  const result = citizen.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-genuine', 'true');
  await expect(result).toContainText('真实有效');
  await expect(result).toContainText('食品经营许可（新办）');
  await expect(result).toContainText('孙*');
  await expect(result).not.toContainText('孙八');

  // The applicant rates the handling 不满意, once.
  await citizen.goBack();
  await expect(citizen.getByTestId('gs-status')).toHaveText('准予办理');
  await citizen.getByTestId('gs-rating').getByText('不满意', { exact: true }).click();
  await citizen.getByTestId('gs-rating-comment').locator('textarea').fill(comment);
  const rated = citizen.waitForResponse((r) => r.url().endsWith('/rating') && r.request().method() === 'POST');
  await citizen.getByTestId('gs-rate').click();
  expect((await rated).status()).toBe(200);
  await expect(citizen.getByTestId('gs-evaluation')).toContainText('不满意');
  await expect(citizen.getByTestId('gs-rate-card')).toHaveCount(0);

  // An officer of the market regulation bureau finds the rectification task in the console.
  const baseURL = test.info().project.use.baseURL;
  const username = uniqueUsername('gsr');
  const password = 'Lantern-Orchard-2741';
  const adminApi = await playwrightRequest.newContext({ baseURL });
  const created = await adminApi.post('/api/admin/staff', {
    headers: { authorization: `Bearer ${await staffToken(adminApi, 'admin')}` },
    data: { username, password, displayName: '市场监管整改员', department: MARKET, roles: ['health'], regionCode: '510600' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const officerApi = await playwrightRequest.newContext({ baseURL });
  const signed = await officerApi.post('/api/me/commitment', { headers: { authorization: `Bearer ${await staffToken(officerApi, username, password)}` }, data: { version: 1 } });
  expect(signed.status(), await signed.text()).toBe(200);
  await Promise.all([adminApi.dispose(), officerApi.dispose()]);
  const console_ = await (await browser.newContext({ baseURL, locale: 'zh-CN' })).newPage();
  await signInStaffUi(console_, '/console', username, password);
  await console_.getByTestId('side-menu').getByText('差评整改', { exact: true }).click();
  await expect(console_).toHaveURL(/\/console\/results\/rectifications$/);
  const row = console_.getByTestId('rectifications-table').locator('tr', { hasText: comment });
  await expect(row).toContainText('不满意');
  await expect(row).toContainText('待整改');
  await expect(row).toContainText(MARKET);
  await Promise.all([citizen.context().close(), console_.context().close()]);
});
