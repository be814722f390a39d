// Shared steps of the browser tests: API sign-in as a demo account and reading codes from the SMS outbox.
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { computeCheckCharacter } from '../packages/contracts/src/id-documents.ts';

/** The demo seed's staff password (see the start-up banner). */
export const DEMO_PASSWORD = 'Fangxian@2026';

/** Signs a demo staff account in through the API and returns its bearer token. */
export async function staffToken(request: APIRequestContext, username = 'admin', password = DEMO_PASSWORD): Promise<string> {
  const response = await request.post('/api/auth/staff/sign-in', { data: { username, password } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** The code in the newest SMS sent to `phone`, read from the built-in outbox as the demo admin. */
export async function latestSmsCode(request: APIRequestContext, phone: string): Promise<string> {
  const token = await staffToken(request);
  const response = await request.get(`/api/admin/sms-outbox?phone=${phone}&limit=1`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), await response.text()).toBe(200);
  const [message] = (await response.json()) as { body: string }[];
  expect(message, `no SMS for ${phone}`).toBeTruthy();
  const code = /(?<!\d)(\d{6})(?!\d)/.exec(message.body)?.[1];
  expect(code, message.body).toBeTruthy();
  return code!;
}

/** A mobile number no other test uses (each run starts on a fresh database). */
export function uniquePhone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** A valid GB 11643 ID number in 旌阳区 (510603) with the given birth date and sequence. */
export function residentId(birth = '19900101', sequence = '123'): string {
  const body = `510603${birth}${sequence}`;
  return body + computeCheckCharacter(body);
}

/** A unique lower-case username for staff created by a test. */
export function uniqueUsername(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Signs in to a staff surface (console or venue portal) through its sign-in page. */
export async function signInStaffUi(page: Page, surface: '/console' | '/venue', username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(surface);
  await expect(page).toHaveURL(new RegExp(`${surface}/sign-in`));
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type="submit"]').click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

/**
 * Clicks a dialog's button once the dialog has finished opening. antd dialogs zoom in; on a loaded
 * machine Playwright can find the button "stable" between two frames of that animation (a 12 × 6 px
 * box) and the click lands beside it. Waits until the box is full-sized and the same on two reads.
 */
export async function clickWhenOpened(button: Locator): Promise<void> {
  await button.waitFor();
  let last = '';
  await expect
    .poll(async () => {
      const box = await button.boundingBox();
      const key = box ? `${Math.round(box.x)},${Math.round(box.y)},${Math.round(box.width)},${Math.round(box.height)}` : '';
      const settled = key === last && (box?.width ?? 0) >= 40;
      last = key;
      return settled;
    }, { intervals: [150] })
    .toBe(true);
  await button.click();
}

/**
 * Picks `label` in an antd searchable select: types it (which opens and filters the list), clicks the
 * option whose title is exactly `label` once the list shows it, and waits for the select to show it.
 * Pressing Enter instead picks whatever option is active, or nothing if the list has not loaded yet.
 */
export async function chooseOption(select: Locator, label: string): Promise<void> {
  await select.locator('input').fill(label);
  await select.page().locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label.replaceAll('"', '\\"')}"]`).click();
  await expect(select).toContainText(label);
}
