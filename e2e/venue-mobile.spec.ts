// Door staff use phones: every venue-portal page works at 360 px (no sideways scrolling, a large scan
// button, the dashboard names the venue).
import { expect, test, type Page } from './fixtures.ts';
import { signInStaffUi } from './helpers.ts';

const VENUE_PAGES = ['/venue', '/venue/verify', '/venue/today', '/venue/screen', '/venue/poster', '/venue/register'];

async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
}

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test('every venue page fits a 360 px phone without sideways scrolling', async ({ page }) => {
  await page.goto('/venue/sign-in');
  await page.getByRole('button', { name: /登\s*录/ }).waitFor();
  const signIn = await horizontalOverflow(page);
  expect(signIn.scrollWidth, 'sign-in page').toBeLessThanOrEqual(signIn.innerWidth);

  await signInStaffUi(page, '/venue', 'venue');
  for (const path of VENUE_PAGES) {
    await page.goto(path);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await expect(page.locator('.fx-content')).not.toBeEmpty();
    // Let the page's data arrive and lay out before measuring.
    await expect(page.locator('.ant-spin-spinning, .ant-skeleton-active')).toHaveCount(0);
    if (process.env.SHOTS) await page.screenshot({ path: `/tmp/shots11u${path.replaceAll('/', '_')}.png`, fullPage: true });
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    expect.soft(scrollWidth, `${path} is ${scrollWidth} px wide at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
  }
});

test('on a phone the dashboard names the venue and the scan button is large', async ({ page }) => {
  await signInStaffUi(page, '/venue', 'venue');
  const venue = page.getByTestId('dashboard-venue-name');
  await expect(venue).toBeVisible();
  await expect(venue).not.toHaveText(/[0-9a-f]{8}-[0-9a-f]{4}-/);

  await page.goto('/venue/verify');
  await page.getByRole('tab', { name: /摄像头扫码/ }).click();
  const scan = page.getByTestId('verify-camera-button');
  await expect(scan).toBeVisible();
  const box = (await scan.boundingBox())!;
  // A thumb-sized target across the card (the screen less its margins), and the camera area as wide.
  expect(box.height).toBeGreaterThanOrEqual(48);
  expect(box.width).toBeGreaterThanOrEqual(270);
  const camera = (await page.locator('.fx-verify-camera').boundingBox())!;
  expect(camera.width).toBeCloseTo(box.width, 0);
});
