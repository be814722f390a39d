// Government services: an enterprise applies for the restaurant one-window item with 容缺受理 (the
// health certificates to follow), the service centre accepts it, the market-regulation and fire
// departments (demo accounts `market` and `fire`) review their parts in parallel, and the approval
// comes once the applicant supplies the missing material; then an applicant uses 告知承诺 for a food
// licence and is approved at once.
import { expect, test } from './fixtures.ts';
import { signInCitizenWithRealName } from './health-helpers.ts';
import { consolePage, file, fill, openApplication, phonePage } from './govservice-helpers.ts';
import { residentId } from './helpers.ts';

test('an enterprise applies with 容缺受理, two departments review in parallel, and the approval follows the supplied material', async ({ browser, request }) => {
  test.setTimeout(360_000); // four people sign in on a shared, loaded machine
  const citizen = await phonePage(browser);
  await signInCitizenWithRealName(citizen, request, { name: '王五', householdDivision: '510603' });

  // The public catalogue finds the item by two characters; its guide leads to the application.
  await citizen.goto('/m/services');
  await citizen.getByTestId('gs-search').locator('input').fill('开业');
  await citizen.getByTestId('gs-catalogue').getByText('餐饮店开业联办', { exact: false }).click();
  await expect(citizen.getByTestId('gs-guide-name')).toContainText('餐饮店开业联办');
  await citizen.getByTestId('gs-apply').click();

  await citizen.getByText('企业（授权代理人）').click();
  await fill(citizen, 'gs-enterprise-name', '德阳市老王餐饮有限公司');
  await fill(citizen, 'gs-enterprise-code', '91350100M000100Y43');
  await fill(citizen, 'gs-field-shopName', '老王面馆');
  await fill(citizen, 'gs-field-address', '旌阳区长江东路 8 号');
  await fill(citizen, 'gs-field-seats', '30');
  await fill(citizen, 'gs-field-area', '80');
  await fill(citizen, 'gs-field-contactPhone', '13812345678');
  await citizen.getByText('容缺受理', { exact: true }).click();
  await citizen.getByTestId('gs-missing-health').click();
  for (const key of ['identity', 'premises', 'layout']) {
    await citizen.getByTestId(`gs-upload-${key}`).setInputFiles(file(`${key}.png`));
    await expect(citizen.getByTestId(`gs-count-${key}`)).toHaveText('1');
  }
  await citizen.getByTestId('gs-submit').click();
  await expect(citizen).toHaveURL(/\/m\/services\/mine\/[0-9a-f-]{36}$/);
  await expect(citizen.getByTestId('gs-status')).toHaveText('待预审');
  const number = /GS\d{8}-[A-Z2-9]{6}/.exec(await citizen.getByTestId('gs-application').innerText())![0];

  // The service centre's window accepts it with the material missing.
  const window = await consolePage(browser, 'service');
  await openApplication(window, '综合窗口', number);
  await expect(window.getByTestId('gs-applicant')).toContainText('王*');
  await window.getByTestId('gs-window-accept').click();
  await expect(window.getByTestId('gs-detail')).toContainText('已受理');

  // Market regulation and fire review their parts.
  for (const username of ['market', 'fire']) {
    const department = await consolePage(browser, username);
    await openApplication(department, '本部门审查', number);
    await department.getByTestId('gs-review-approve').click();
    await expect(department.getByTestId('gs-detail')).toContainText('审查中'); // the decision waits for the missing material
    await department.context().close();
  }

  // The applicant supplies the health certificates; the merged approval follows.
  await citizen.reload();
  await expect(citizen.getByTestId('gs-supply')).toBeVisible();
  await citizen.getByTestId('gs-supply-health').setInputFiles(file('health.png'));
  await expect(citizen.getByTestId('gs-status')).toHaveText('准予办理');
  await expect(citizen.getByTestId('gs-result')).toContainText('餐饮店开业联办决定书');
  const timeline = citizen.getByTestId('gs-timeline');
  await expect(timeline).toContainText('德阳市市场监督管理局');
  await expect(timeline).toContainText('德阳市消防救援支队');
  await expect(timeline).toContainText('补交材料');
});

test('an applicant signs the commitment (告知承诺) for a food licence and is approved at once', async ({ browser, request }) => {
  const citizen = await phonePage(browser);
  await signInCitizenWithRealName(citizen, request, { name: '赵六', householdDivision: '510603' });
  await citizen.goto('/m/services/items/SCJG-SP-002');
  await citizen.getByTestId('gs-apply').click();
  await fill(citizen, 'gs-field-operatorName', '赵六小吃店');
  await citizen.getByTestId('gs-field-category').getByText('餐饮服务经营者').click();
  await fill(citizen, 'gs-field-seats', '12');
  await fill(citizen, 'gs-field-address', '旌阳区泰山北路 3 号');
  await fill(citizen, 'gs-field-managerId', residentId('19850505', '246'));
  await fill(citizen, 'gs-field-contactPhone', '13912345678');
  for (const key of ['licence', 'layout', 'system', 'health']) {
    await citizen.getByTestId(`gs-upload-${key}`).setInputFiles(file(`${key}.png`));
    await expect(citizen.getByTestId(`gs-count-${key}`)).toHaveText('1');
  }
  await citizen.getByText('告知承诺', { exact: true }).click();
  await expect(citizen.getByTestId('gs-commitment-text')).toContainText('本人（单位）郑重承诺');
  await citizen.getByText('我已阅读并承诺').click();
  await citizen.getByTestId('gs-submit').click();
  await expect(citizen).toHaveURL(/\/m\/services\/mine\/[0-9a-f-]{36}$/);
  await expect(citizen.getByTestId('gs-status')).toHaveText('准予办理');
  await expect(citizen.getByTestId('gs-result')).toContainText('食品经营许可证');
  await expect(citizen.getByTestId('gs-timeline')).toContainText('承诺即办');
});
