// 一件事一次办: an enterprise opens a restaurant with one application for the demo bundle
// 开办餐饮店“一件事”（企业） (食品经营许可 + 公众聚集场所营业前消防安全检查): one merged form and one set of
// materials; the window accepts it once; market regulation and fire each decide their item's part
// behind the scenes; one merged approval with one signed result.
import { expect, test } from './fixtures.ts';
import { signInCitizenWithRealName } from './health-helpers.ts';
import { consolePage, file, fill, openApplication, phonePage } from './govservice-helpers.ts';
import { residentId } from './helpers.ts';

test('一件事一次办: one application for a food licence and a fire check, split to two departments, one merged approval', async ({ browser, request }) => {
  test.setTimeout(360_000); // three people sign in on a shared, loaded machine
  const citizen = await phonePage(browser);
  await signInCitizenWithRealName(citizen, request, { name: '钱七', householdDivision: '510603' });

  // The bundle is listed on 办事大厅; its guide names the items it includes.
  await citizen.goto('/m/services');
  await citizen.getByTestId('gs-bundles').getByText('开办餐饮店“一件事”（企业）').click();
  await expect(citizen.getByTestId('gs-bundle-items')).toContainText('食品经营许可（新办）');
  await expect(citizen.getByTestId('gs-bundle-items')).toContainText('公众聚集场所投入使用、营业前消防安全检查');
  await citizen.getByTestId('gs-apply').click();

  // One merged form (the shared fields once) and one set of materials (the shared 营业执照 once).
  await citizen.getByText('企业（授权代理人）').click();
  await fill(citizen, 'gs-enterprise-name', '德阳市钱记餐饮有限公司');
  await fill(citizen, 'gs-enterprise-code', '91350100M000100Y43');
  await fill(citizen, 'gs-field-operatorName', '钱记面馆');
  await citizen.getByTestId('gs-field-category').getByText('餐饮服务经营者').click();
  await fill(citizen, 'gs-field-seats', '40');
  await fill(citizen, 'gs-field-address', '旌阳区长江东路 18 号');
  await fill(citizen, 'gs-field-managerId', residentId('19860606', '135'));
  await fill(citizen, 'gs-field-contactPhone', '13812345670');
  await fill(citizen, 'gs-field-venueName', '钱记面馆');
  await fill(citizen, 'gs-field-area', '120');
  await fill(citizen, 'gs-field-openOn', '2027-03-01');
  await expect(citizen.getByTestId('gs-field-address')).toHaveCount(1);
  await expect(citizen.getByTestId('gs-upload-licence')).toHaveCount(1);
  for (const key of ['licence', 'layout', 'system', 'health', 'application', 'acceptance']) {
    await citizen.getByTestId(`gs-upload-${key}`).setInputFiles(file(`${key}.png`));
    await expect(citizen.getByTestId(`gs-count-${key}`)).toHaveText('1');
  }
  await citizen.getByTestId('gs-submit').click();
  await expect(citizen).toHaveURL(/\/m\/services\/mine\/[0-9a-f-]{36}$/);
  await expect(citizen.getByTestId('gs-status')).toHaveText('待预审');
  const number = /GS\d{8}-[A-Z2-9]{6}/.exec(await citizen.getByTestId('gs-application').innerText())![0];

  const window = await consolePage(browser, 'service');
  await openApplication(window, '综合窗口', number);
  await window.getByTestId('gs-window-accept').click();
  await expect(window.getByTestId('gs-detail')).toContainText('已受理');
  await window.context().close();

  // Each department decides its own item's part.
  for (const [username, after] of [['market', '审查中'], ['fire', '准予办理']] as const) {
    const department = await consolePage(browser, username);
    await openApplication(department, '本部门审查', number);
    await department.getByTestId('gs-review-approve').click();
    // The last part's approval renders and signs the result: give it time on a loaded machine.
    await expect(department.getByTestId('gs-detail')).toContainText(after, { timeout: 60_000 });
    await department.context().close();
  }

  await citizen.reload();
  await expect(citizen.getByTestId('gs-status')).toHaveText('准予办理', { timeout: 60_000 });
  await expect(citizen.getByTestId('gs-result')).toContainText('开办餐饮店“一件事”办结通知书');
  const timeline = citizen.getByTestId('gs-timeline');
  await expect(timeline).toContainText('德阳市市场监督管理局（食品经营许可（新办））审查通过');
  await expect(timeline).toContainText('各部门审查通过，准予办理');
});
