// Issue 3, health code in the browser: a citizen declares and sees a green code; a health officer
// makes the citizen's district high-risk in the console and the citizen's code changes, with the reason.
import { expect, test } from './fixtures.ts';
import { signInStaffUi } from './helpers.ts';
import { DEMO_VENUE_STAFF, declareHealthy, signInCitizenWithRealName } from './health-helpers.ts';

test.describe('health code', () => {
  test('a citizen declares their health and sees a green code with a live QR', async ({ page, request }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInCitizenWithRealName(page, request, { name: '张三', householdDivision: '510603' });

    // Straight from home: the service grid leads to the declaration.
    await page.goto('/');
    await page.getByRole('button', { name: '健康申报' }).click();
    await expect(page).toHaveURL(/\/m\/health\/declare$/);

    // The residence starts at the household division (四川省 德阳市 旌阳区); temperature is required and checked.
    await expect(page.getByTestId('division-picker')).toHaveText(/旌阳区/);
    await page.getByPlaceholder('例如 36.5').fill('50');
    await page.getByRole('button', { name: '提交申报' }).click();
    await expect(page.getByRole('alert')).toHaveText('请输入 34.0～43.0 之间的体温');
    await page.getByPlaceholder('例如 36.5').fill('36.5');
    await page.getByRole('button', { name: '提交申报' }).click();

    await expect(page).toHaveURL(/\/m\/health$/);
    const card = page.getByTestId('health-code-card');
    await expect(card).toHaveAttribute('data-colour', 'green');
    await expect(page.getByTestId('health-code-colour')).toHaveText('绿码');
    await expect(page.getByTestId('health-code-name')).toHaveText('张*');
    await expect(page.getByTestId('health-code-id')).toHaveText(/^5106\*+\d{3}[\dX]$/);
    await expect(page.getByTestId('health-code-qr')).toBeVisible();
    await expect(page.getByTestId('health-code-reasons')).toContainText('没有记录触发任何赋码规则');

    // The clock ticks while the page is open (a screenshot would not).
    const clock = page.getByTestId('health-code-clock');
    const first = await clock.textContent();
    await expect(clock).not.toHaveText(first!, { timeout: 5_000 });
  });

  test('an officer makes the citizen\'s district high-risk and the citizen sees the new colour and why', async ({ page, request, browser }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    // 绵竹市 (510683): a district no other test lives in, so this risk area changes only this citizen.
    await signInCitizenWithRealName(page, request, { name: '李四', householdDivision: '510683' });
    await declareHealthy(page, '510683');
    await page.goto('/m/health');
    await expect(page.getByTestId('health-code-card')).toHaveAttribute('data-colour', 'green');

    // The demo health officer (卫健委, 德阳市) adds 绵竹市 as a high-risk area in the officer.
    const officerContext = await browser.newContext({ locale: 'zh-CN' });
    const officer = await officerContext.newPage();
    await signInStaffUi(officer, '/console', 'health');
    await officer.getByTestId('side-menu').getByText('风险地区').click();
    await expect(officer).toHaveURL(/\/console\/risk-areas$/);
    await officer.getByRole('button', { name: '新增风险地区' }).click();
    const form = officer.getByTestId('risk-area-form');
    await form.locator('.ant-cascader').click();
    await officer.locator('.ant-cascader-menu-item', { hasText: '德阳市' }).click();
    await officer.locator('.ant-cascader-menu-item', { hasText: '绵竹市' }).click();
    await expect(form.locator('.ant-cascader')).toContainText('绵竹市');
    await form.getByLabel('依据 / 说明').fill('出现本土确诊病例');
    await officer.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect(officer.getByText('已新增，相关人员健康码正在重新计算', { exact: true })).toBeVisible();
    const row = officer.getByTestId('risk-areas-table').locator('tr', { hasText: '绵竹市' });
    await expect(row).toContainText('高风险');

    // The citizen's code changed at once, with the rule's reason and its evidence.
    await page.reload();
    const card = page.getByTestId('health-code-card');
    await expect(card).not.toHaveAttribute('data-colour', 'green');
    await expect(page.getByTestId('health-code-colour')).toHaveText(/黄码|红码/);
    await expect(page.getByTestId('health-code-reasons')).toContainText('绵竹市');
    await expect(page.getByTestId('health-code-reason').first()).toContainText('风险');

    // Lifting the area is the same page's other action: an area that began today stays listed through today.
    await row.getByRole('button', { name: /解\s*除/ }).click();
    await officer.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定/ }).click();
    await expect(officer.getByText('已解除', { exact: true })).toBeVisible();
    await expect(row.getByRole('button', { name: /解\s*除/ })).toHaveCount(0);
    await officerContext.close();
  });

  test('a health officer drafts a rule set from the active one and dry-runs it before publishing', async ({ page }) => {
    await signInStaffUi(page, '/console', 'health');
    await page.getByTestId('side-menu').getByText('规则集').click();
    await expect(page).toHaveURL(/\/console\/rule-sets$/);
    const active = page.getByTestId('rule-sets-table').locator('tr', { hasText: '生效中' });
    await expect(active).toBeVisible();

    // A draft identical to the active version: the dry run must find that nobody changes colour.
    await active.getByRole('button', { name: '以此版本新建草稿' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('说明', { exact: true }).fill('浏览器测试草稿');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.getByText('草稿已创建', { exact: true })).toBeVisible();

    const draft = page.getByTestId('rule-sets-table').locator('tr', { hasText: '浏览器测试草稿' });
    await expect(draft).toContainText('草稿');
    // The dry run is a background job: the request answers 202 at once, the page follows the job's
    // event stream for progress, then shows the stored result.
    const started = page.waitForResponse((r) => r.url().endsWith('/dry-run') && r.request().method() === 'POST');
    const stream = page.waitForRequest((r) => /\/api\/jobs\/[0-9a-f-]{36}\/events$/.test(r.url()));
    await draft.getByRole('button', { name: '试算' }).click();
    const response = await started;
    expect(response.status()).toBe(202);
    const job = (await response.json()) as { jobId: string; status: string };
    expect(job.status).toBe('queued');
    expect((await stream).url()).toContain(`/api/jobs/${job.jobId}/events`);
    await expect(page.getByTestId('dry-run-result')).toContainText('没有人的健康码会变化');
    await expect(page.getByTestId('dry-run-total')).toContainText(/共试算 \d+ 人（对比生效版本 v\d+/);

    // The form view: a card per rule, each explanation previewed as a citizen reads it (no placeholders);
    // an edit in the form shows in the preview at once and in the JSON view.
    await active.getByRole('button', { name: '以此版本新建草稿' }).click();
    const editor = page.getByRole('dialog').getByTestId('rule-editor');
    await expect(editor.getByTestId('rule-card').first()).toBeVisible();
    const preview = editor.getByTestId('rule-preview-zh').first();
    await expect(preview).toContainText('预览：');
    await expect(preview).not.toContainText('{');
    await editor.getByLabel('说明（中文）').first().fill('测试：{area} 于 {day}');
    await expect(preview).toHaveText('预览：测试：四川省德阳市旌阳区 于 3 月 2 日');
    await page.getByRole('dialog').getByRole('tab', { name: 'JSON（高级）' }).click();
    await expect(page.getByRole('dialog').getByLabel('规则（JSON）')).toHaveValue(/测试：\{area\} 于 \{day\}/);

    // Invalid JSON is refused on the page, before any request.
    await page.getByRole('dialog').getByLabel('规则（JSON）').fill('[{');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.getByRole('dialog').getByText('规则 JSON 格式不正确')).toBeVisible();
  });

  test('a manual override needs a second officer and is shown to the citizen, and the door refuses the code', async ({ page, request, browser }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const { documentNumber } = await signInCitizenWithRealName(page, request, { name: '孙七', householdDivision: '510603' });
    await declareHealthy(page, '510603');

    // The health officer proposes; their own proposal offers them no approve button.
    const healthContext = await browser.newContext({ locale: 'zh-CN' });
    const health = await healthContext.newPage();
    await signInStaffUi(health, '/console', 'health');
    await health.goto('/console/overrides');
    await health.getByRole('button', { name: '提出人工调整' }).click();
    const dialog = health.getByRole('dialog');
    await dialog.getByLabel('证件号码').fill(documentNumber);
    await dialog.getByLabel('调整为').click();
    await health.locator('.ant-select-item-option', { hasText: '黄码' }).click();
    await dialog.getByLabel('调整原因').fill('社区排查：同住人员待核酸结果');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect(health.getByText('已提出，等待另一名工作人员审核', { exact: true })).toBeVisible();
    const proposed = health.getByTestId('overrides-table').locator('tr', { hasText: '社区排查' });
    await expect(proposed).toContainText('待审核');
    await expect(proposed.getByRole('button', { name: /通\s*过/ })).toHaveCount(0);

    // Until a second officer approves, the citizen's code is unchanged.
    await page.goto('/m/health');
    await expect(page.getByTestId('health-code-card')).toHaveAttribute('data-colour', 'green');

    // The county command post (旌阳区) approves it.
    const countyContext = await browser.newContext({ locale: 'zh-CN' });
    const county = await countyContext.newPage();
    await signInStaffUi(county, '/console', 'county');
    await county.goto('/console/overrides');
    const row = county.getByTestId('overrides-table').locator('tr', { hasText: '社区排查' });
    await row.getByRole('button', { name: /通\s*过/ }).click();
    // Wait for the dialog's opening animation to end before confirming: a click on 确定 during it
    // was once lost in CI (no request was sent).
    await expect(county.getByRole('dialog')).toBeVisible();
    await expect(county.locator('.ant-modal[class*="ant-zoom"]')).toHaveCount(0);
    await county.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect(county.getByText('已处理', { exact: true })).toBeVisible();

    await page.reload();
    await expect(page.getByTestId('health-code-card')).toHaveAttribute('data-colour', 'yellow');
    await expect(page.getByTestId('health-code-override')).toContainText('社区排查：同住人员待核酸结果');

    // At a venue's door the yellow code is valid but refused — in stop colours, never a green
    // "valid" tag — and the venue's day lists a refusal, not an entry.
    const qrPicture = testInfo.outputPath('yellow-qr.png');
    await page.getByTestId('health-code-qr').screenshot({ path: qrPicture });
    const venueContext = await browser.newContext({ locale: 'zh-CN' });
    const portal = await venueContext.newPage();
    await signInStaffUi(portal, '/venue', DEMO_VENUE_STAFF);
    await portal.goto('/venue/verify');
    await portal.getByTestId('verify-upload').locator('input[type="file"]').setInputFiles(qrPicture);
    const result = portal.getByTestId('verify-result');
    await expect(result).toHaveAttribute('data-decision', 'stop');
    await expect(result).toHaveAttribute('data-colour', 'yellow');
    await expect(portal.getByTestId('verify-validity')).toHaveText(/黄码\s*码有效/);
    await expect(portal.getByTestId('verify-decision')).toHaveText('禁止通行');
    await expect(result).toContainText('已记录为拒绝入场');
    await expect(result).not.toContainText('已记录为本场所入场登记');
    await expect(result.locator('.ant-tag-success')).toHaveCount(0);
    await portal.getByTestId('verify-dismiss').click();
    await expect(result).toBeHidden();
    await portal.goto('/venue/today');
    const refusal = portal.getByTestId('stop-list').locator('tbody tr', { hasText: '孙*' });
    await expect(refusal.locator('[data-decision="stop"]')).toHaveText('禁止通行');
    await venueContext.close();
    await healthContext.close();
    await countyContext.close();
  });
});
