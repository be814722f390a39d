// An officer signs in to the console, creates a staff account, and finds that action in the audit log.
import { expect, test } from './fixtures.ts';
import { clickWhenOpened, signInStaffUi, staffToken, uniqueUsername } from './helpers.ts';

test('admin creates a staff account and finds it in the audit log', async ({ page, request }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInStaffUi(page, '/console', 'admin');

  // sys_admin sees the administration pages.
  const menu = page.getByTestId('side-menu');
  for (const entry of ['用户管理', 'API 客户端', '短信发件箱', '审计日志']) await expect(menu.getByText(entry)).toBeVisible();

  await menu.getByText('用户管理').click();
  await expect(page).toHaveURL(/\/console\/staff$/);
  await expect(page.getByRole('cell', { name: 'admin', exact: true })).toBeVisible();

  const username = uniqueUsername('e2e');
  await page.getByRole('button', { name: '新建账号' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#create-staff_username').fill(username);
  await dialog.locator('#create-staff_password').fill('Strong-Pass-2026');
  await dialog.locator('#create-staff_displayName').fill('测试专员😀');
  await dialog.locator('#create-staff_department').fill('部'.repeat(65));
  // Saving with invalid fields says what is wrong under each field (no page error, nothing sent).
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.getByText('姓名不能包含表情符号')).toBeVisible();
  await expect(dialog.getByText('部门不超过 64 个字')).toBeVisible();
  await expect(dialog.getByText('请输入部门')).toHaveCount(0);
  await dialog.locator('#create-staff_displayName').fill('测试专员');
  await dialog.locator('#create-staff_department').fill('旌阳区卫生健康局');
  await dialog.locator('#create-staff_roles').click();
  await page.locator('.ant-select-item-option').getByText('卫健委', { exact: true }).click();
  await dialog.locator('#create-staff_roles').press('Escape');
  // The region picker starts at the admin's own region (德阳市).
  await dialog.locator('#create-staff_regionCode').click();
  await page.locator('.ant-cascader-menu-item').getByText('德阳市', { exact: true }).click();
  await page.locator('.ant-cascader-menu-item').getByText('旌阳区', { exact: true }).click();
  await dialog.getByRole('button', { name: /保\s*存/ }).click();

  await expect(page.getByText(`账号 ${username} 已创建`)).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: username });
  await expect(row).toContainText('测试专员');
  await expect(row).toContainText('卫健委');
  // The new account can sign in with its initial password.
  await staffToken(request, username, 'Strong-Pass-2026');

  // Reset its password: the new one works.
  await row.getByRole('button', { name: '重置密码' }).click();
  const reset = page.getByRole('dialog');
  await reset.locator('#reset-password_password').fill('Another-Pass-2026');
  await reset.locator('#reset-password_confirm').fill('Another-Pass-2026');
  await reset.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('密码已重置')).toBeVisible();
  await staffToken(request, username, 'Another-Pass-2026');

  // Disable it: the row says so and sign-in is refused.
  await row.getByRole('button', { name: '停用' }).click();
  await clickWhenOpened(page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }));
  await expect(row).toContainText('已停用');
  const refused = await request.post('/api/auth/staff/sign-in', { data: { username, password: 'Another-Pass-2026' } });
  expect(refused.status()).toBeGreaterThanOrEqual(400);

  // The account's audit trail shows who created it.
  await page.getByTestId(`audit-link-${username}`).click();
  await expect(page).toHaveURL(/\/console\/audit\?subjectType=staff&subjectId=/);
  // Actions, subjects and actors read as words: 新建工作人员账号 · 工作人员 · 测试专员 (username), by 系统管理员 (admin).
  const auditRows = page.getByTestId('audit-table').getByRole('row').filter({ hasText: '新建工作人员账号' });
  await expect(auditRows).toHaveCount(1);
  await expect(auditRows).toContainText(`工作人员 · 测试专员 (${username})`);
  await expect(auditRows).toContainText('系统管理员 (admin)');
  await expect(page.getByTestId('audit-table')).not.toContainText('admin-staff.staff.create');

  // The same record is found by choosing the action's label on the audit page.
  await page.getByRole('button', { name: /重\s*置/ }).click();
  await page.locator('#audit-filter_action').fill('工作人员账号');
  await page.locator('.ant-select-item-option').getByText('工作人员账号（全部操作）', { exact: true }).click();
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page).toHaveURL(/\?action=admin-staff\.staff\.\*$/);
  await expect(page.getByTestId('audit-table').getByRole('row').filter({ hasText: '新建工作人员账号' }).first()).toBeVisible();

  // Searching by the officer's username finds the record, shown with the officer's name.
  await page.locator('#audit-filter_actorId').fill('admin');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page).toHaveURL(/actorId=[0-9a-f-]{36}/);
  const byActor = page.getByTestId('audit-table').getByRole('row').filter({ hasText: '新建工作人员账号' }).first();
  await expect(byActor).toContainText('系统管理员 (admin)');

  // The hash chain verifies.
  await page.getByTestId('verify-chain').click();
  await expect(page.getByTestId('verify-result')).toContainText('哈希链完整');
  expect(pageErrors).toEqual([]);
});
