// Issue 3, venues in the browser: venue staff verify a citizen's code from an uploaded picture of its
// QR; a citizen opens a venue's rotating place code and sees the entry page to show at the door.
import { expect, test } from './fixtures.ts';
import { signInStaffUi } from './helpers.ts';
import { DEMO_VENUE_STAFF, csrfHeader, declareHealthy, demoVenueDynamicCodeUrl, signInCitizenWithRealName } from './health-helpers.ts';

test.describe('venues', () => {
  test('venue staff upload a picture of a citizen\'s QR code and see its colour', async ({ page, request, browser }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInCitizenWithRealName(page, request, { name: '王五', householdDivision: '510681' });
    await declareHealthy(page, '510681');
    await page.goto('/m/health');
    await expect(page.getByTestId('health-code-card')).toHaveAttribute('data-colour', 'green');
    const qrPicture = testInfo.outputPath('citizen-qr.png');
    await page.getByTestId('health-code-qr').screenshot({ path: qrPicture });

    const staffContext = await browser.newContext({ locale: 'zh-CN' });
    const portal = await staffContext.newPage();
    await signInStaffUi(portal, '/venue', DEMO_VENUE_STAFF);
    await portal.getByTestId('side-menu').getByText('扫码验证').click();
    await expect(portal).toHaveURL(/\/venue\/verify$/);
    await portal.getByTestId('verify-upload').locator('input[type="file"]').setInputFiles(qrPicture);

    // The verdict fills the screen in the decision's colour: 通行, the masked name and the time.
    const result = portal.getByTestId('verify-result');
    await expect(result).toHaveAttribute('data-colour', 'green');
    await expect(result).toHaveAttribute('data-decision', 'pass');
    await expect(result).toHaveAttribute('data-repeat', 'false');
    await expect(portal.getByTestId('verify-decision')).toHaveText('通行');
    await expect(portal.getByTestId('verify-colour')).toHaveText('绿码');
    await expect(portal.getByTestId('verify-identity')).toContainText('王*');
    await expect(portal.getByTestId('verify-time')).toContainText('核验时间');
    await expect(result).toContainText('已记录为本场所入场登记');
    const box = await result.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(portal.viewportSize()!.width - 1);
    // It clears itself after a few seconds, with a countdown on screen.
    await expect(portal.getByTestId('verify-dismiss')).toContainText('秒后关闭');
    await expect(result).toBeHidden({ timeout: 15_000 });

    // The same screenshot again at this venue: a repeat check, not a second visit.
    await portal.getByTestId('verify-upload').locator('input[type="file"]').setInputFiles(qrPicture);
    await expect(result).toHaveAttribute('data-repeat', 'true');
    await expect(portal.getByTestId('verify-repeat')).toContainText('重复核验');
    await expect(result).not.toContainText('已记录为本场所入场登记');

    // A new attempt clears the last verdict first: a picture without a QR code is refused on the
    // page, before any request, and no green card is left under the error.
    const blank = testInfo.outputPath('blank.png');
    await page.getByTestId('health-code-name').screenshot({ path: blank });
    await portal.getByTestId('verify-upload').locator('input[type="file"]').setInputFiles(blank);
    await expect(portal.getByTestId('verify-error')).toContainText('图片中未识别到二维码');
    await expect(result).toHaveCount(0);

    // The check counts as one visit of the day, let in.
    await portal.getByTestId('side-menu').getByText('今日登记').click();
    await expect(portal.getByTestId('scans-table')).toContainText('王*');
    const visit = portal.getByTestId('scans-table').locator('tbody tr', { hasText: '王*' });
    await expect(visit).toHaveCount(1);
    await expect(visit.locator('[data-decision="pass"]')).toHaveText('通行');

    // The printable poster page, with its PNG and PDF downloads served to the signed-in staff.
    await portal.getByTestId('side-menu').getByText('场所码海报').click();
    await expect(portal.getByTestId('poster')).toContainText('德阳市民中心');
    await expect(portal.getByTestId('poster-qr')).toBeVisible();
    for (const [label, type] of [['下载 PNG', 'image/png'], ['下载 PDF', 'application/pdf']] as const) {
      const href = await portal.getByRole('link', { name: label }).getAttribute('href');
      const file = await portal.request.get(href!);
      expect(file.status(), href!).toBe(200);
      expect(file.headers()['content-type']).toContain(type);
    }
    await staffContext.close();
  });

  test('a citizen opens a venue\'s rotating place code and sees the entry page', async ({ page, request }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInCitizenWithRealName(page, request, { name: '赵六', householdDivision: '510681' });
    await declareHealthy(page, '510681');

    // What the screen's QR carries: …/m/scan?c=<token of the current 30-second window>.
    const { url, venueName } = await demoVenueDynamicCodeUrl();
    expect(new URL(url).pathname).toBe('/m/scan');
    await page.goto(url);

    const entry = page.getByTestId('entry-page');
    await expect(entry).toBeVisible();
    await expect(page.getByTestId('entry-venue')).toHaveText(venueName);
    await expect(entry).toHaveAttribute('data-colour', 'green');
    await expect(page.getByTestId('entry-decision')).toHaveText('通行');
    await expect(page.getByTestId('entry-name')).toHaveText('赵*');
    await expect(entry).toContainText('动态码核验到场');

    // The visit is in the citizen's own list (the facts behind their code).
    await page.getByRole('button', { name: '我的健康码' }).click();
    await page.getByText('我的场所记录').click();
    await expect(page.getByTestId('my-scans')).toContainText(venueName);

    // A forged place code is refused with the server's message, nothing recorded.
    await page.goto('/m/scan?c=d1.AAAAAAAAAAAAAAAAAAAAAA.1.AAAAAAAAAAAAAAAAAAAAAA');
    await expect(page.getByText('登记失败').first()).toBeVisible();
  });

  test('a venue owner registers a venue and an officer approves it in the console', async ({ page, request, browser }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInCitizenWithRealName(page, request, { name: '周八', householdDivision: '510603' });
    const name = `旌阳测试超市${Date.now().toString(36)}`;

    await page.goto('/');
    await page.getByRole('button', { name: '场所码申领' }).click();
    await expect(page).toHaveURL(/\/m\/venues\/register$/);
    await page.getByLabel('场所名称').fill(name);
    await page.getByText('场所类型').last().click();
    await page.locator('.adm-picker-header-button').getByText('确定').click();
    await page.getByTestId('division-picker').click();
    await page.locator('.adm-cascader-view').getByText('四川省', { exact: true }).click();
    await page.locator('.adm-cascader-view').getByText('德阳市', { exact: true }).click();
    await page.locator('.adm-cascader-view').getByText('旌阳区', { exact: true }).click();
    await page.locator('.adm-cascader-header-button').getByText('确定').click();
    await page.getByLabel('详细地址').fill('长江西路二段 8 号');
    await page.getByLabel('纬度').fill('31.1270');
    await page.getByLabel('经度').fill('104.3980');
    await page.getByLabel('联系人').fill('周八');
    // A malformed phone is refused on the page.
    await page.getByLabel('联系电话').fill('12345');
    await page.getByRole('button', { name: '提交登记' }).click();
    await expect(page.getByRole('alert')).toHaveText('请输入手机号或固定电话');
    await page.getByLabel('联系电话').fill('13800001234');
    await page.getByRole('button', { name: '提交登记' }).click();
    const applications = page.getByTestId('my-venue-applications');
    await expect(applications).toContainText(name);
    await expect(applications).toContainText('待审核');

    // The big-data bureau (德阳市) approves it; the contact is masked in the list.
    const officerContext = await browser.newContext({ locale: 'zh-CN' });
    const officer = await officerContext.newPage();
    await signInStaffUi(officer, '/console', 'bigdata');
    await officer.getByTestId('side-menu').getByText('场所审批').click();
    const row = officer.getByTestId('venues-table').locator('tr', { hasText: name });
    await expect(row).toContainText('138****1234');
    await row.getByRole('button', { name: /通\s*过/ }).click();
    await officer.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect(officer.getByText('已处理', { exact: true })).toBeVisible();
    await officerContext.close();

    await page.reload();
    await expect(page.getByTestId('my-venue-applications')).toContainText('已通过');
  });

  test('an officer rejects a venue with a reason, and the owner reads the reason', async ({ page, request, browser }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInCitizenWithRealName(page, request, { name: '吴九', householdDivision: '510603' });
    const name = `旌阳驳回测试${Date.now().toString(36)}`;
    const created = await page.request.post('/api/venues', {
      headers: await csrfHeader(page),
      data: { name, type: 'restaurant', address: '长江西路二段 9 号', divisionCode: '510603', latitude: 31.127, longitude: 104.398, contactName: '吴九', contactPhone: '13800005678' },
    });
    expect(created.status(), await created.text()).toBe(201);

    const officerContext = await browser.newContext({ locale: 'zh-CN' });
    const officer = await officerContext.newPage();
    await signInStaffUi(officer, '/console', 'bigdata');
    await officer.getByTestId('side-menu').getByText('场所审批').click();
    const row = officer.getByTestId('venues-table').locator('tr', { hasText: name });
    await row.getByRole('button', { name: /驳\s*回/ }).click();
    const dialog = officer.getByRole('dialog');
    // No reason, no rejection: the applicant must be told why.
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect(dialog.getByText('请填写驳回原因，申请人将看到它')).toBeVisible();
    await dialog.getByLabel('驳回原因（将告知申请人）').fill('地址与营业执照不一致');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect(officer.getByText('已处理', { exact: true })).toBeVisible();
    await officerContext.close();

    await page.goto('/m/venues/register');
    const applications = page.getByTestId('my-venue-applications');
    await expect(applications).toContainText('已驳回');
    await expect(applications).toContainText('驳回原因：地址与营业执照不一致');
  });
});
