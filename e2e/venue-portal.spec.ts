// The venue portal: venue staff sign in and see who they are; other officers are refused.
import { expect, test } from './fixtures.ts';
import { signInStaffUi } from './helpers.ts';

test('venue staff sign in to the venue portal and see their account', async ({ page }) => {
  await signInStaffUi(page, '/venue', 'venue');
  await expect(page).toHaveURL(/\/venue\/?$/);
  const account = page.getByTestId('venue-account');
  await expect(account).toContainText('旌阳区');
  // The venue the account works at is shown (the demo seed links one).
  await expect(account).not.toContainText('—');
  // Signed in already, the sign-in page sends the user on to where they were going.
  await page.goto('/venue/sign-in?from=%2Ftoday');
  await expect(page).toHaveURL(/\/venue\/today$/);
  // 消息中心 and 消息设置 are in the portal too: the console's pages under the portal's frame.
  await page.getByRole('menuitem', { name: /消息中心/ }).click();
  await expect(page).toHaveURL(/\/venue\/inbox$/);
  await expect(page.getByRole('heading', { name: '消息中心' })).toBeVisible();
  await expect(page.getByTestId('staff-inbox')).toBeVisible();
  await page.getByTestId('inbox-preferences').click();
  await expect(page).toHaveURL(/\/venue\/inbox\/preferences$/);
  await expect(page.getByTestId('staff-notification-preferences').getByRole('row').nth(1)).toBeVisible();
});

test('an officer without the venue staff role is refused by the venue portal', async ({ page }) => {
  await signInStaffUi(page, '/venue', 'health');
  await expect(page.getByText('场所端仅供场所工作人员使用')).toBeVisible();
});

test('a wrong password is refused with the server message and no session', async ({ page }) => {
  await page.goto('/venue/sign-in');
  await page.locator('#username').fill('venue');
  await page.locator('#password').fill('wrong-password');
  await page.locator('button[type="submit"]').click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/venue\/sign-in/);
  await page.goto('/venue');
  await expect(page).toHaveURL(/\/venue\/sign-in\?from=/);
});
