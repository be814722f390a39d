// Issue 14, the daily check-in in the browser: a member joins an organisation by its invitation code
// and reports 37.8 °C on a phone-width page (and their health code turns red by the fever rule); the organisation's administrator sees the abnormal report
// and the member who has not reported, reminds them, and the reminder reaches that member's inbox.
import { request as playwrightRequest } from '@playwright/test';
import { expect, test, type Page } from './fixtures.ts';
import ExcelJS from 'exceljs';
import { approvedOrg, csrfHeader } from './checkin-helpers.ts';
import { signInCitizenWithRealName } from './health-helpers.ts';
import { clickWhenOpened, signInStaffUi } from './helpers.ts';

/** A cookie-free API context (the outbox read signs the demo admin in; a cookie it leaves would make a second sign-in need CSRF). */
async function signInCitizen(page: Page, name: string): Promise<string> {
  const outboxReader = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const { phone } = await signInCitizenWithRealName(page, outboxReader, { name });
  await outboxReader.dispose();
  return phone;
}

test.describe('daily check-in', () => {
  test('a member reports 37.8 °C on a phone; the administrator sees it and reminds the member who has not reported', async ({ page, browser }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInCitizen(page, '赵管理');
    const orgName = `德阳测试单位${Date.now().toString(36)}`;
    const org = await approvedOrg(page, orgName);

    // The member joins by the invitation code, with consent, and reports on a phone-width page.
    const memberContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    const member = await memberContext.newPage();
    await signInCitizen(member, '钱成员');
    await member.goto('/m/checkin');
    await member.getByLabel('邀请码').fill(org.inviteCode);
    await member.getByRole('button', { name: '加入单位' }).click();
    await expect(member.getByRole('alert')).toHaveText('请先勾选同意共享');
    await member.getByText('我同意将每日健康打卡共享给该单位').click();
    await member.getByRole('button', { name: '加入单位' }).click();
    await expect(member.getByTestId('my-orgs')).toContainText(orgName);

    await member.getByRole('textbox', { name: '体温（℃）' }).fill('45.0');
    await member.getByRole('button', { name: '提交打卡' }).click();
    await expect(member.getByRole('alert')).toHaveText('请输入34.0至43.0之间的体温，最多一位小数');
    await member.getByRole('textbox', { name: '体温（℃）' }).fill('37.8');
    await member.getByRole('button', { name: '提交打卡' }).click();
    const result = member.getByTestId('checkin-result');
    await expect(result).toContainText('异常');
    await expect(result).toContainText('37.8 ℃');
    await expect(result).toContainText('体温≥37.3℃');

    // The member's health code reflects the rule: the check-in is a health-code fact, and the default
    // rule set's fever rule turns the code red; the colour change reaches the member's inbox.
    await member.goto('/m/health');
    await expect(member.getByTestId('health-code-card')).toHaveAttribute('data-colour', 'red');
    await member.goto('/m/inbox');
    await expect(member.getByText('您的健康码已变为红码')).toBeVisible();

    // A second member joins (through the API) and does not report.
    const missingContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    const missing = await missingContext.newPage();
    await signInCitizen(missing, '孙未报');
    const joined = await missing.request.post('/api/checkin/my/join', { headers: await csrfHeader(missing), data: { inviteCode: org.inviteCode, consent: true } });
    expect(joined.status(), await joined.text()).toBe(200);

    // The administrator opens the organisation's day: the abnormal report first, the missing member flagged.
    await page.goto('/m/checkin');
    await page.getByTestId('my-orgs').getByRole('button', { name: '管理' }).click();
    await expect(page).toHaveURL(new RegExp(`/m/checkin/orgs/${org.id}$`));
    await expect(page.getByTestId('org-day-total')).toHaveText('成员 3 人 · 已打卡 1 · 异常 1');
    const day = page.getByTestId('org-day');
    await expect(day.locator('.adm-list-item').first()).toContainText('钱*');
    await expect(day.locator('.adm-list-item').first()).toContainText('异常');
    await expect(day.locator('.adm-list-item', { hasText: '孙*' })).toContainText('未打卡');
    // The 30-day trend: today's bar stands a third high (1 of 3 members reported), in the abnormal colour.
    await expect(page.getByTestId('org-trend').locator('.fx-checkin-bar span').last()).toHaveAttribute('style', /height: 33%/);
    await expect(page.getByTestId('org-trend').locator('.fx-checkin-bar span').last()).toHaveClass(/fx-checkin-bar-abnormal/);
    // The administrator imports a new colleague from the XLSX template: the row is invited; a department the organisation does not have is refused.
    const invitedContext = await browser.newContext({ locale: 'zh-CN' });
    const invited = await invitedContext.newPage();
    const invitedPhone = await signInCitizen(invited, '李新人');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('members');
    sheet.addRow(['手机号 mobile', '部门 department']);
    sheet.addRow([invitedPhone, '']);
    sheet.addRow(['12345', '']);
    sheet.addRow(['13912345678', '后勤部']);
    await page.getByTestId('import-xlsx').setInputFiles({
      name: 'members.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    const outcome = page.getByTestId('import-result');
    await expect(outcome.locator('.adm-list-item', { hasText: '第2行' })).toContainText('已邀请');
    await expect(outcome.locator('.adm-list-item', { hasText: '第3行' })).toContainText('手机号不正确');
    await expect(outcome.locator('.adm-list-item', { hasText: '第4行' })).toContainText('部门不存在');
    await invitedContext.close();

    // The abnormal report alerted the administrator in their inbox.
    await page.goto('/m/inbox');
    await expect(page.getByTestId('inbox')).toContainText('成员健康打卡异常');

    await page.goto(`/m/checkin/orgs/${org.id}`);
    await page.getByRole('button', { name: '提醒未打卡成员' }).click();
    await expect(page.getByText(/已提醒 \d+ 条（未打卡 2 人/)).toBeVisible();

    // The missing member finds the reminder in their inbox, and it leads to the check-in page.
    await missing.goto('/m/inbox');
    await expect(missing.getByTestId('inbox')).toContainText('请完成今日健康打卡');
    await expect(missing.getByTestId('inbox')).toContainText(orgName);
    await missing.getByTestId('inbox').getByText('请完成今日健康打卡').click();
    await expect(missing).toHaveURL(/\/m\/checkin$/);
    await memberContext.close();
    await missingContext.close();
  });

  test('an administrator sets the window, a question, departments and roles; the member answers the question; preferences and delivery', async ({ page, browser }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInCitizen(page, '周管理');
    const orgName = `德阳设置单位${Date.now().toString(36)}`;
    const org = await approvedOrg(page, orgName);
    const memberContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    const member = await memberContext.newPage();
    await signInCitizen(member, '吴成员');
    const joined = await member.request.post('/api/checkin/my/join', { headers: await csrfHeader(member), data: { inviteCode: org.inviteCode, consent: true } });
    expect(joined.status(), await joined.text()).toBe(200);

    // Settings: the daily window, and a required choice question (a bad key is refused in the page first).
    await page.goto(`/m/checkin/orgs/${org.id}`);
    await page.getByTestId('org-settings-link').click();
    await expect(page).toHaveURL(new RegExp(`/m/checkin/orgs/${org.id}/settings$`));
    await page.getByRole('textbox', { name: '截止时间', exact: true }).fill('10:30');
    await page.getByRole('button', { name: '添加问题' }).click();
    const field = page.getByTestId('extra-field-editor');
    await field.getByRole('textbox', { name: '标识 1', exact: true }).fill('1bus');
    await field.getByRole('textbox', { name: '问题（中文） 1', exact: true }).fill('今天是否乘坐班车');
    await field.getByRole('textbox', { name: '问题（英文） 1', exact: true }).fill('Did you take the shuttle bus today');
    await field.getByText('选项', { exact: true }).click();
    await field.getByRole('textbox', { name: '选项 1', exact: true }).fill('是，否');
    await field.getByRole('switch', { name: '必填 1' }).click();
    await page.getByTestId('save-settings').click();
    await expect(page.getByRole('alert')).toContainText('第 1 个问题：标识须以小写字母开头');
    await field.getByRole('textbox', { name: '标识 1', exact: true }).fill('bus');
    await page.getByTestId('save-settings').click();
    await expect(page.getByText('设置已保存')).toBeVisible();

    // Departments: a node and one under it, shown as a tree.
    await page.getByRole('textbox', { name: '部门名称', exact: true }).fill('教务处');
    await page.getByRole('button', { name: '添加部门' }).click();
    await expect(page.getByTestId('department-tree')).toContainText('教务处');
    await expect(page.getByRole('textbox', { name: '部门名称', exact: true })).toHaveValue(''); // cleared once added
    await page.getByRole('textbox', { name: '部门名称', exact: true }).fill('教研组');
    await page.getByLabel('上级部门').selectOption({ label: '教务处' });
    await page.getByRole('button', { name: '添加部门' }).click();
    await expect(page.getByTestId('department-tree').locator('.adm-list-item')).toHaveText([/教务处/, /教研组/]);
    // Rename, move and delete: a top-level 临时组 becomes 后勤组 under 教务处, then goes (it is empty).
    await page.getByRole('textbox', { name: '部门名称', exact: true }).fill('临时组');
    await page.getByLabel('上级部门').selectOption({ label: '（顶级）' });
    await page.getByRole('button', { name: '添加部门' }).click();
    await page.getByRole('button', { name: '编辑 临时组' }).click();
    await page.getByRole('textbox', { name: '编辑部门：临时组' }).fill('后勤组');
    await page.getByLabel('移到').selectOption({ label: '教务处' });
    await page.getByTestId('department-editor').getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('部门已更新')).toBeVisible();
    await expect(page.getByTestId('department-tree').locator('.adm-list-item', { hasText: '后勤组' })).toHaveCSS('padding-left', '28px'); // one level down
    await page.getByRole('button', { name: '编辑 后勤组' }).click();
    await page.getByRole('button', { name: '删除部门' }).click();
    await clickWhenOpened(page.getByRole('button', { name: '确定' }));
    await expect(page.getByTestId('department-tree').locator('.adm-list-item')).toHaveText([/教务处/, /教研组/]);

    // Every member matching a filter (全选 N 人, every page): the two members in no node go to 教务处,
    // after a confirmation that repeats the count.
    const members = page.getByTestId('org-members');
    await page.getByLabel('按部门筛选').selectOption({ label: '未分部门' });
    await expect(members.locator('.adm-list-item')).toHaveCount(2);
    await page.getByTestId('bulk-move').getByRole('button', { name: '全选 2 人' }).click();
    await expect(page.getByTestId('bulk-move')).toContainText('已选全部 2 人');
    await page.getByLabel('移至部门').selectOption({ label: '教务处' });
    await page.getByTestId('bulk-move').getByRole('button', { name: '移动所选' }).click();
    await expect(page.getByText('将符合筛选条件的全部 2 名成员移至“教务处”？')).toBeVisible();
    await clickWhenOpened(page.getByRole('button', { name: '确定' }));
    await expect(page.getByText('已移动 2 人')).toBeVisible();
    await expect(members.locator('.adm-list-item')).toHaveCount(0);
    await page.getByLabel('按部门筛选').selectOption({ label: '全部成员' });
    await expect(members.locator('.adm-list-item')).toHaveCount(2);

    // Members: the member is ticked and moved into 教研组 (the bulk move), then becomes an administrator.
    await members.getByLabel('选择 吴**').check();
    await page.getByLabel('移至部门').selectOption({ label: '　教研组' });
    await page.getByTestId('bulk-move').getByRole('button', { name: '移动所选' }).click();
    await expect(page.getByText('已移动 1 人')).toBeVisible();
    await expect(members.getByLabel('吴** 的部门')).toHaveValue(/.+/);
    await members.locator('.adm-list-item', { hasText: '吴*' }).getByRole('button', { name: '设为管理员' }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await expect(members.locator('.adm-list-item', { hasText: '吴*' })).toContainText('管理员');
    // The organisation's day counts the member in 教研组 and in 教务处 above it, with the administrator placed in 教务处.
    await page.goto(`/m/checkin/orgs/${org.id}`);
    await expect(page.getByTestId('org-department-tree').locator('.adm-list-item')).toContainText([/教务处 · 0\/2/, /教研组 · 0\/1/]);

    // The member answers the new required question with the daily report.
    await member.goto('/m/checkin');
    const extra = member.getByTestId('checkin-extra-form');
    await expect(extra).toContainText('今天是否乘坐班车');
    await member.getByRole('textbox', { name: '体温（℃）' }).fill('36.6');
    await member.getByRole('button', { name: '提交打卡' }).click();
    await expect(member.getByText('必填')).toBeVisible();
    await extra.getByText('是', { exact: true }).click();
    await member.getByRole('button', { name: '提交打卡' }).click();
    await expect(member.getByTestId('checkin-result')).toContainText('36.6 ℃');

    // Preferences: the member switches reminder SMS off; the page reads it back after a reload.
    await member.goto('/m/inbox');
    await member.getByTestId('inbox-preferences').click();
    await expect(member).toHaveURL(/\/m\/inbox\/preferences$/);
    const smsReminder = member.getByRole('switch', { name: '每日健康打卡提醒（截止前） · 短信' });
    await expect(smsReminder).toHaveAttribute('aria-checked', 'true');
    await smsReminder.click();
    await member.getByTestId('save-preferences').click();
    await expect(member.getByText('设置已保存')).toBeVisible();
    await member.reload();
    await expect(member.getByRole('switch', { name: '每日健康打卡提醒（截止前） · 短信' })).toHaveAttribute('aria-checked', 'false');
    await expect(member.getByRole('switch', { name: '成员打卡异常提醒（单位管理员） · 应用内' })).toBeDisabled();
    await memberContext.close();

    // Delivery: the system administrator sees the messages counted by kind, channel and status (no person).
    const adminContext = await browser.newContext({ locale: 'zh-CN' });
    const admin = await adminContext.newPage();
    await signInStaffUi(admin, '/console', 'admin');
    await admin.goto('/console/notifications/delivery');
    await expect(admin.getByTestId('delivery-counts')).toContainText('checkin.org-decision');
    await expect(admin.getByTestId('delivery-counts')).toContainText('delivered');
    await adminContext.close();
  });
});
