// The service hall journey: a citizen books a slot on a phone; the kiosk (a 1080×1920 portrait
// screen, signed in with its own key) refuses a red health code and issues a number for a green one;
// a window officer (demo account `service`) calls it and the calling screen shows it.
import { request as playwrightRequest } from '@playwright/test';
import { expect, test, type APIRequestContext, type Browser } from './fixtures.ts';
import { todayInChina } from '../packages/contracts/src/kernel/days.ts';
import { csrfHeader, declareHealthy, signInCitizenWithRealName } from './health-helpers.ts';
import { signInStaffUi, staffToken } from './helpers.ts';

const RUN = Date.now().toString(36).toUpperCase();
const HALL = `旌阳区政务服务大厅（测试 ${RUN}）`;
const ITEM = { code: `E2E-${RUN}`, name: `营业执照变更登记${RUN}` };

async function context(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
  return browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN', ...options });
}

/** The next working day after today (China time) by the holiday calendar, as the booking page offers it. */
async function nextWorkingDay(api: APIRequestContext): Promise<string> {
  const res = await api.get(`/api/calendar/working-days?from=${todayInChina()}&add=1`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: string }).result;
}

/** A published catalogue item for this run (windows pick items from the catalogue). */
async function publishItem(api: APIRequestContext, headers: Record<string, string>): Promise<void> {
  const content = {
    name: ITEM.name, type: 'administrative_licence', department: '德阳市市场监督管理局', reviewDepartments: ['德阳市市场监督管理局'],
    legalLimitDays: 15, promisedLimitDays: 3, applicantTypes: ['person'],
    materials: [{ key: 'identity', name: '身份证明', required: true, form: 'copy', count: 1, secondary: false }],
    fees: [], channels: ['window', 'online'], visits: 1, modes: { tolerance: null, commitment: null, priority: false },
    resultTitle: '变更登记通知书', guide: '端到端测试用事项', form: { fields: [{ key: 'note', label: { zh: '说明', en: 'Note' }, type: 'text', required: true }] },
  };
  const created = await api.post('/api/govservice/admin/items', { headers, data: { code: ITEM.code, regionCode: '510600', content } });
  expect(created.status(), await created.text()).toBe(201);
  const published = await api.post(`/api/govservice/admin/items/${(await created.json()).id}/publish`, { headers, data: {} });
  expect(published.status(), await published.text()).toBe(200);
}

/** A hall of this run with one window open to every service-centre officer, and a kiosk key (set up through the API as `service`). */
async function setUpHall(): Promise<{ hallId: string; windowId: string; kioskKey: string }> {
  const api: APIRequestContext = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const headers = { authorization: `Bearer ${await staffToken(api, 'service')}` };
  await publishItem(api, headers);
  const hall = await api.post('/api/hall/halls', { headers, data: { name: HALL, regionCode: '510603', address: '旌阳区长江西路二段1号' } });
  expect(hall.status(), await hall.text()).toBe(201);
  const hallId = (await hall.json()).id as string;
  const window = await api.post(`/api/hall/halls/${hallId}/windows`, { headers, data: { number: 1, name: '综合受理窗口', items: [ITEM], openHours: ['09:00-12:00', '13:30-17:00'], slotCapacity: 2, staffIds: [] } });
  expect(window.status(), await window.text()).toBe(201);
  const kiosk = await api.post(`/api/hall/halls/${hallId}/kiosks`, { headers, data: { name: '入口取号机' } });
  expect(kiosk.status(), await kiosk.text()).toBe(201);
  return { hallId, windowId: (await window.json()).id, kioskKey: (await kiosk.json()).key };
}

test('a citizen books a slot; the kiosk checks the health code and issues a number; a window calls it and the screen shows it', async ({ browser }) => {
  // A cookie-free API context per sign-in helper (reading the SMS outbox signs the demo admin in there).
  const fresh = () => playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const { hallId, kioskKey } = await setUpHall();

  // A citizen books a slot on the next working day.
  const citizen = await (await context(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await signInCitizenWithRealName(citizen, await fresh(), { name: '周七', householdDivision: '510603' });
  await declareHealthy(citizen, '510603');
  await citizen.goto('/m/hall');
  await citizen.getByTestId('hall-book').click();
  await citizen.getByTestId('hall-choose-hall').getByText(HALL).click();
  await citizen.getByTestId('hall-choose-item').getByText(ITEM.name).click();
  await citizen.getByTestId('hall-choose-day').getByText((await nextWorkingDay(await fresh())).slice(5), { exact: true }).click();
  await citizen.getByTestId('hall-choose-slot').getByText('09:30–10:00').click();
  await citizen.getByTestId('hall-book-submit').click();
  await expect(citizen).toHaveURL(/\/m\/hall$/);
  const booking = citizen.getByTestId('hall-booking').filter({ hasText: ITEM.name });
  await expect(booking).toContainText('09:30–10:00');
  await expect(booking).toContainText('待到号');
  await expect(booking.getByTestId('hall-booking-code')).toHaveText(/^[A-Z2-9]{8}$/);

  // The kiosk: a portrait touch screen, set up once with its key.
  const kiosk = await (await context(browser, { viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
  await kiosk.goto('/m/hall/kiosk');
  await kiosk.getByTestId('kiosk-key').fill(kioskKey);
  await kiosk.getByTestId('kiosk-key-save').click();
  await expect(kiosk.getByTestId('kiosk')).toContainText(HALL);
  // Everything fits the portrait screen: the big buttons span its width.
  const box = await kiosk.getByTestId('kiosk-walk-in').boundingBox();
  expect(box!.width).toBeGreaterThan(900);

  // A visitor with a red code is refused with a full-screen message.
  const sick = await (await context(browser)).newPage();
  await signInCitizenWithRealName(sick, await fresh(), { name: '吴九', householdDivision: '510603' });
  const declared = await sick.request.post('/api/health/declarations', { headers: await csrfHeader(sick), data: { residenceDivision: '510603', temperature: 38.9, symptoms: ['fever'], contactWithCase: false } });
  expect(declared.status(), await declared.text()).toBe(201);
  const redToken = (await (await sick.request.get('/api/health/code')).json()).token as string;
  await kiosk.getByTestId('kiosk-walk-in').click();
  await kiosk.getByTestId('kiosk-items').getByText(ITEM.name).click();
  await kiosk.getByTestId('kiosk-item-next').click();
  await kiosk.getByTestId('kiosk-health-token').fill(redToken);
  await kiosk.getByTestId('kiosk-confirm').click();
  const refused = kiosk.getByTestId('kiosk-refused');
  await expect(refused).toContainText('暂不能取号');
  await expect(refused).toContainText('红码');
  const cover = await refused.boundingBox();
  expect(cover).toMatchObject({ width: 1080, height: 1920 });
  await refused.getByRole('button', { name: '返回' }).click();

  // The citizen shows a green code and takes a walk-in number (优先).
  const greenToken = (await (await citizen.request.get('/api/health/code')).json()).token as string;
  await kiosk.getByTestId('kiosk-walk-in').click();
  await kiosk.getByTestId('kiosk-items').getByText(ITEM.name).click();
  await kiosk.getByTestId('kiosk-priority').check();
  await kiosk.getByTestId('kiosk-item-next').click();
  await kiosk.getByTestId('kiosk-health-token').fill(greenToken);
  await kiosk.getByTestId('kiosk-confirm').click();
  await expect(kiosk.getByTestId('kiosk-number')).toHaveText('B001');
  await expect(kiosk.getByTestId('kiosk-ticket')).toContainText('周*');
  await expect(kiosk.getByTestId('kiosk-ticket')).toContainText('绿码');
  await kiosk.screenshot({ path: test.info().outputPath('kiosk-ticket.png') });

  // The calling screen, before and after the call.
  const screen = await (await context(browser, { viewport: { width: 1920, height: 1080 } })).newPage();
  await screen.goto(`/m/hall/screen/${hallId}`);
  await expect(screen.getByTestId('calling-screen')).toContainText(HALL);
  await expect(screen.getByTestId('calling-waiting')).toContainText(ITEM.name);

  // The window officer calls the next number.
  const officer = await (await context(browser)).newPage();
  await signInStaffUi(officer, '/console', 'service');
  await officer.goto('/console/hall/desk');
  await officer.getByTestId('desk-window').click();
  await officer.locator('.ant-select-item-option', { hasText: `${HALL} · 1 综合受理窗口` }).click();
  await expect(officer.getByTestId('desk-queue')).toContainText('B001');
  await officer.getByTestId('desk-call').click();
  await expect(officer.getByTestId('desk-current-number')).toHaveText('B001');
  await expect(officer.getByTestId('desk-current')).toContainText('周*');
  await expect(officer.getByTestId('desk-current')).not.toContainText('周七');

  await expect(screen.getByTestId('calling-latest')).toHaveText('请 B001 号到 1 号窗口');
  await expect(screen.getByTestId('calling-list')).toContainText('B001');
  await screen.screenshot({ path: test.info().outputPath('calling-screen.png') });

  await officer.getByTestId('desk-served').click();
  await expect(officer.getByTestId('desk-call')).toBeVisible();
});
