// The screening database in the console: the big-data officer adds a source, uploads a small CSV with
// a bad row, follows the import to its end, reads the counts, asks for the rejected rows (another
// officer approves; then they are downloaded), compares the source with another (in A, not in B); the
// county command post (demo account `county`, 旌阳区) opens the dispatched task, records home
// quarantine, and the citizen with that ID number now has a yellow code whose reason says so. Then the
// city officer adds a dispatch rule on 下发规则 (lists of "other" sources living in 旌阳区: 2 h to make
// contact); with the county's task list open, a new list is imported and its person appears on the
// list without a reload (the live task feed), with the rule's 2 h countdown.
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from './fixtures.ts';
import { computeCheckCharacter } from '../packages/contracts/src/id-documents.ts';
import { signInCitizenWithRealName } from './health-helpers.ts';
import { chooseOption, residentId, signInStaffUi, staffToken } from './helpers.ts';

// Fixed data (each run starts on a fresh database). Born 2000: outside the random birth dates
// (1950–1999) the other specs give their citizens, so no other test owns this ID number.
const PERSON_ID = residentId('20000505', '246');
const OTHER_ID = residentId('20000606', '135');
/** A number of the right shape whose check character is wrong. */
const BAD_ID = (() => {
  const body = '51060320000707357';
  const right = computeCheckCharacter(body);
  return body + (right === '1' ? '2' : '1');
})();
const SOURCE = '省级推送（测试）';
const CSV = [
  '姓名,身份证号,手机号,现住地,抵达日期,报告时间',
  `测试甲,${PERSON_ID},13900005801,四川省德阳市旌阳区,2020-01-25,2020-01-25 08:00`,
  `测试乙,${OTHER_ID},13900005802,旌阳区,2020-01-25,2020-01-25 08:30`,
  `坏校验,${BAD_ID},13900005803,旌阳区,2020-01-26,2020-01-26 09:00`,
].join('\n');
/** The person of the list imported after the dispatch rule is saved (born 2000 too; see above). */
const RULED_ID = residentId('20000808', '468');
/** How the console shows an ID number: 5106**********1234. */
const masked = (id: string) => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`;

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN' });
  return context.newPage();
}

test.describe.serial('screening database', () => {
  let citizen: Page;

  test.beforeAll(async ({ browser, request }) => {
    // The person on the list has a citizen account under the same ID number (its code turns yellow later).
    citizen = await newPage(browser);
    const { documentNumber } = await signInCitizenWithRealName(citizen, request, { name: '测试甲', birth: '20000505', sequence: '246', householdDivision: '510603' });
    expect(documentNumber).toBe(PERSON_ID);
  });

  test.afterAll(async () => {
    await citizen?.context().close();
  });

  test('an officer imports a list with a bad row, follows it to the end, and downloads the rejected rows once another officer approved the export', async ({ page }) => {
    await signInStaffUi(page, '/console', 'bigdata');
    const menu = page.getByTestId('side-menu');
    for (const entry of ['来源管理', '名单导入', '排查人员', '来源比对', '核查任务', '合并审核']) await expect(menu.getByText(entry, { exact: true })).toBeVisible();

    // A source, added in the console.
    await menu.getByText('来源管理', { exact: true }).click();
    await expect(page).toHaveURL(/\/console\/screening\/sources$/);
    await page.getByRole('button', { name: '新增来源' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('来源名称').fill(SOURCE);
    // The column mapping recognised from a sample of the list (the file is read, not kept).
    await dialog.locator('input[type="file"]').setInputFiles({ name: '样例.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await expect(dialog.getByTestId('mapping-proposal')).toContainText('第 1 行');
    await expect(dialog.getByLabel('身份证号', { exact: true })).toHaveValue('身份证号');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.getByText('来源已保存')).toBeVisible();
    await expect(page.getByTestId('sources-table').getByRole('row').filter({ hasText: SOURCE })).toContainText('省级推送');

    // The upload.
    await menu.getByText('名单导入', { exact: true }).click();
    await expect(page).toHaveURL(/\/console\/screening\/imports$/);
    await page.getByTestId('import-source').click();
    await page.locator('.ant-select-item-option').filter({ hasText: SOURCE }).click();
    await page.locator('input[type="file"]').setInputFiles({ name: '省级名单.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    // The pace: online work first by default; this small list goes as fast as possible.
    await expect(page.getByRole('radio', { name: '不影响在线业务（默认）' })).toBeChecked();
    await page.getByText('尽快完成', { exact: true }).click();
    await expect(page.getByRole('radio', { name: '尽快完成' })).toBeChecked();
    await page.getByTestId('import-start').click();

    // The progress bar follows the job to its end; then the counts.
    const card = page.getByTestId('import-card');
    await expect(card).toBeVisible();
    await expect(page).toHaveURL(/\?import=/);
    await expect(card.getByTestId('import-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
    await expect(card.getByTestId('import-progress')).toHaveAttribute('aria-valuenow', '100');
    await expect(card.getByTestId('import-pace-shown')).toHaveText('尽快完成（每批 1000 行）');
    const count = (key: string) => card.getByTestId(`import-count-${key}`).locator('.ant-statistic-content-value');
    await expect(count('rowsRead')).toHaveText('3');
    await expect(count('accepted')).toHaveText('2');
    await expect(count('rejected')).toHaveText('1');
    await expect(count('created')).toHaveText('2');
    await expect(count('matched')).toHaveText('0');

    // The rejected rows hold personal data: asked for with a reason, approved by another officer
    // (the health commission's, same city), then downloaded on 导出审批 (maker-checker).
    await card.getByTestId('request-rejected').click();
    const ask = page.getByRole('dialog').filter({ hasText: '申请导出' });
    await ask.getByTestId('reason-input').fill('核对省级推送的错误行');
    await ask.getByRole('button', { name: /确\s*定/ }).click();
    await expect(page.getByText('已提交导出申请，批准后请到「导出审批」下载')).toBeVisible();
    const checker = await newPage(page.context().browser()!);
    await signInStaffUi(checker, '/console', 'health');
    await checker.getByTestId('side-menu').getByText('导出审批', { exact: true }).click();
    const proposal = checker.getByTestId('exports-table').getByRole('row').filter({ hasText: '核对省级推送的错误行' });
    await expect(proposal).toContainText('待审批');
    await proposal.getByTestId('export-approve').click();
    await checker.getByRole('tooltip').getByRole('button', { name: /确\s*定/ }).click();
    await expect(proposal).toContainText('已批准');
    await checker.context().close();
    await menu.getByText('导出审批', { exact: true }).click();
    const mine = page.getByTestId('exports-table').getByRole('row').filter({ hasText: '核对省级推送的错误行' });
    const [download] = await Promise.all([page.waitForEvent('download'), mine.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^rejected-.*\.xlsx$/);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // an XLSX is a zip

    // The person's page names the source that reported them.
    await menu.getByText('排查人员', { exact: true }).click();
    await page.getByTestId('persons-table').getByRole('row').filter({ hasText: masked(PERSON_ID) }).click();
    await expect(page.getByTestId('first-reporter')).toContainText(SOURCE);
    await expect(page.getByTestId('person-reports')).toContainText(SOURCE);

    // The dashboard by source: the new source received the two accepted persons.
    await page.keyboard.press('Escape'); // the person's drawer
    await menu.getByText('统计看板', { exact: true }).click();
    await expect(page).toHaveURL(/\/console\/screening\/figures/);
    await page.getByTestId('figures-by').getByText('来源', { exact: true }).click();
    await expect(page).toHaveURL(/by=source/);
    await expect(page.getByTestId('figures-table').getByRole('row').filter({ hasText: SOURCE })).toContainText('2');
  });

  test('the comparison page lists who is in A and not in B', async ({ page, request }) => {
    // Source B, with no list yet: everyone of the new source is in A and not in B.
    const token = await staffToken(request, 'bigdata');
    const b = await request.post('/api/screening/sources', { headers: { authorization: `Bearer ${token}` }, data: { name: '比对来源（测试）', kind: 'police', trust: 3 } });
    expect(b.status(), await b.text()).toBe(201);
    await signInStaffUi(page, '/console', 'bigdata');
    await page.getByTestId('side-menu').getByText('来源比对', { exact: true }).click();
    // Sources are picked by typing their names into the searchable selects (the list of sources grows
    // with the other specs' data); Enter alone picked nothing in CI when the list had not loaded yet.
    await chooseOption(page.getByTestId('compare-a'), SOURCE);
    await chooseOption(page.getByTestId('compare-b'), '比对来源（测试）');
    await expect(page.getByTestId('comparison-counts')).toContainText('2');
    await page.getByRole('tab', { name: `仅在 ${SOURCE}` }).click();
    await expect(page.getByRole('tabpanel').getByRole('row').filter({ hasText: masked(PERSON_ID) })).toBeVisible();
    await expect(page.getByTestId('request-only-in')).toBeVisible();
  });

  test('the county command post records home quarantine on the dispatched task; the citizen\'s code turns yellow with the reason', async ({ browser }) => {
    const page = await newPage(browser);
    await signInStaffUi(page, '/console', 'county');
    await page.getByTestId('side-menu').getByText('核查任务', { exact: true }).click();
    await expect(page).toHaveURL(/\/console\/screening\/tasks$/);

    // The task dispatched to 旌阳区, with its SLA countdown running.
    const row = page.getByTestId('tasks-table').getByRole('row').filter({ hasText: masked(PERSON_ID) });
    await expect(row).toContainText('待核查');
    await expect(row.getByTestId('sla-countdown')).toContainText('剩余');
    await row.click();

    const drawer = page.getByTestId('task-drawer');
    await expect(drawer.getByTestId('task-summary')).toContainText(masked(PERSON_ID));
    const form = drawer.getByTestId('follow-up-form');
    await form.getByTestId('follow-up-location').fill('旌阳区某小区 3 栋');
    await form.getByText('居家隔离', { exact: true }).click();
    await form.getByTestId('follow-up-submit').click();
    await expect(page.getByText('核查已保存，健康码已按结果重新计算')).toBeVisible();
    await expect(drawer.getByTestId('task-person-status')).toContainText('居家隔离');
    await expect(drawer.getByTestId('follow-up-history')).toContainText('旌阳区某小区 3 栋');

    // The citizen's own code: yellow, because of the home quarantine.
    const code = await citizen.request.get('/api/health/code');
    expect(code.status(), await code.text()).toBe(200);
    const body = (await code.json()) as { colour: string; reasons: { reasonCode: string; text: { zh: string } }[] };
    expect(body.colour).toBe('yellow');
    expect(body.reasons[0]).toMatchObject({ reasonCode: 'HOME_QUARANTINE' });
    expect(body.reasons[0].text.zh).toContain('居家隔离');

    // With reached, a location and the quarantine recorded, the task can be closed (销号).
    await drawer.getByTestId('task-close').click();
    await expect(page.getByText('已销号').first()).toBeVisible();
    await expect(drawer.getByTestId('task-reopen')).toBeVisible();
    await page.context().close();
  });
  test('a dispatch rule saved on 下发规则 decides the deadline of the next list\'s tasks; the county\'s task list shows them live', async ({ browser, request }) => {
    // The rule, added and saved by the city officer.
    const city = await newPage(browser);
    await signInStaffUi(city, '/console', 'bigdata');
    await city.getByTestId('side-menu').getByText('下发规则', { exact: true }).click();
    await expect(city).toHaveURL(/\/console\/screening\/rules$/);
    const form = city.getByTestId('dispatch-rules-form');
    const before = await form.locator('tbody tr.ant-table-row').count();
    await form.getByTestId('add-rule').click();
    const rule = form.locator('tbody tr.ant-table-row').nth(before);
    await rule.getByRole('spinbutton').nth(0).fill('1'); // priority: before any other rule
    await rule.getByRole('combobox').nth(0).click(); // source kind
    await city.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '其他' }).click();
    await rule.getByPlaceholder('5106').fill('510603');
    await rule.getByRole('spinbutton').nth(1).fill('2'); // contact within 2 h
    await rule.getByRole('spinbutton').nth(2).fill('6'); // feedback within 6 h
    await rule.locator('input').last().fill('测试规则：其他来源的旌阳区人员 2 小时内联系');
    await form.getByTestId('save-rules').click();
    await expect(city.getByText('下发规则已保存')).toBeVisible();
    // Saved on the server: read again after a reload.
    await city.reload();
    await expect(city.getByTestId('dispatch-rules-form').locator('input[value="测试规则：其他来源的旌阳区人员 2 小时内联系"]')).toBeVisible();
    await city.context().close();

    // The county's task list, open (and listening to the task feed) before the list is imported.
    const county = await newPage(browser);
    const feed = county.waitForRequest((r) => r.url().includes('/api/screening/task-events'));
    await signInStaffUi(county, '/console', 'county');
    await county.getByTestId('side-menu').getByText('核查任务', { exact: true }).click();
    await expect(county).toHaveURL(/\/console\/screening\/tasks$/);
    await feed;
    await expect(county.getByTestId('tasks-table')).toBeVisible();
    await expect(county.getByTestId('tasks-table').getByRole('row').filter({ hasText: masked(RULED_ID) })).toHaveCount(0);

    // A list of an "other" source, imported through the API.
    const token = await staffToken(request, 'bigdata');
    const auth = { authorization: `Bearer ${token}` };
    const created = await request.post('/api/screening/sources', { headers: auth, data: { name: '社区摸排（测试）', kind: 'other', trust: 2 } });
    expect(created.status(), await created.text()).toBe(201);
    const list = ['姓名,身份证号,手机号,现住地,报告时间', `测试丙,${RULED_ID},13900005804,旌阳区,2020-01-27 10:00`].join('\n');
    const upload = await request.post(`/api/screening/imports?sourceId=${(await created.json()).id}`, {
      headers: auth,
      multipart: { file: { name: '社区摸排.csv', mimeType: 'text/csv', buffer: Buffer.from(list, 'utf8') } },
    });
    expect(upload.status(), await upload.text()).toBe(202);
    const importId = (await upload.json()).id as string;
    await expect.poll(async () => (await (await request.get(`/api/screening/imports/${importId}`, { headers: auth })).json()).status, { timeout: 60_000 }).toBe('succeeded');

    // The task appears without a reload (the fallback re-read is every 60 s), with the rule's deadline: under 2 h.
    const row = county.getByTestId('tasks-table').getByRole('row').filter({ hasText: masked(RULED_ID) });
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(row.getByTestId('sla-countdown')).toHaveText(/^剩余 1:[0-5]\d:[0-5]\d$/);
    await county.context().close();
  });
});
