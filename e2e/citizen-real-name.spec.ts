// A citizen signs in with a code from the SMS outbox, registers with their real name and sees it masked.
import { expect, test } from './fixtures.ts';
import { latestSmsCode, residentId, uniquePhone } from './helpers.ts';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test('citizen signs in by SMS code and completes real-name registration', async ({ page, request }) => {
  const phone = uniquePhone();

  await page.goto('/');
  await expect(page).toHaveURL(/\/m\/sign-in/);

  // A malformed number is refused on the page before any request.
  await page.getByPlaceholder('请输入11位手机号').fill('12345');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText('请输入正确的11位手机号')).toBeVisible();

  await page.getByPlaceholder('请输入11位手机号').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  // The resend countdown starts only after the server accepted the request.
  await expect(page.getByRole('button', { name: /秒后重发/ })).toBeVisible();

  // A wrong code is refused by the server and its message is shown.
  const code = await latestSmsCode(request, phone);
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByPlaceholder('6位验证码').fill(wrong);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/m\/sign-in/);

  await page.getByPlaceholder('6位验证码').fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('您尚未完成实名认证')).toBeVisible();

  await page.getByRole('button', { name: '实名认证' }).click();
  await expect(page).toHaveURL(/\/m\/real-name/);

  // A name with emoji and a wrong check character are caught on the page with clear messages.
  await page.getByPlaceholder('与证件上的姓名一致').fill('😀😀测试');
  const id = residentId('19900101', '123');
  const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  await page.getByPlaceholder('请输入证件号码').fill(wrongCheck);
  await page.getByRole('button', { name: '提交认证' }).click();
  await expect(page.getByText('姓名不能包含表情符号')).toBeVisible();
  await expect(page.getByText('身份证号码校验位不正确，请核对最后一位')).toBeVisible();
  await page.getByPlaceholder('与证件上的姓名一致').fill('张三');

  await page.getByPlaceholder('请输入证件号码').fill(id);
  await expect(page.getByText('出生日期 1990-01-01 · 男')).toBeVisible();

  // Household division: filled from the ID number's first six digits (510603 旌阳区); the citizen may still change it.
  await expect(page.getByTestId('division-picker')).toHaveText(/旌阳区/);

  await page.getByRole('button', { name: '提交认证' }).click();
  await expect(page).toHaveURL(/\/m\/me/);
  await expect(page.getByTestId('real-name-name')).toHaveText('张*');
  await expect(page.getByTestId('real-name-number')).toHaveText(/^5106\*+\d{3}[\dX]$/);
  // The full name and number never reach the page.
  await expect(page.locator('body')).not.toContainText('张三');
  await expect(page.locator('body')).not.toContainText(id);

  // The home page now greets the citizen by the masked name.
  await page.locator('.adm-tab-bar').getByText('首页').click();
  await expect(page.getByText('您好，张*')).toBeVisible();

  // Signing out ends the session: the app asks for a sign-in again.
  await page.locator('.adm-tab-bar').getByText('我的').click();
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.locator('.adm-dialog').getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/m\/sign-in/);
  await page.goto('/m/me');
  await expect(page).toHaveURL(/\/m\/sign-in\?from=%2Fm%2Fme/);
});
