// The `test` every spec imports: Playwright's, plus a guard that fails a test when a page it opened
// threw an uncaught error or wrote an error to the console. A failed request the app handled (the
// browser's own "Failed to load resource … status of 4xx" line for a 4xx the UI shows as a message) is
// allowed; a 5xx, a CSP violation, a React warning or a script error is not.
//
// Pages come from the `page` fixture's context and from contexts a spec opens itself with
// `browser.newContext()` (several roles in one journey), so the worker fixture below watches every
// context the browser creates from the moment the worker starts, including in `beforeAll` hooks.
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export { expect };
export type { APIRequestContext, Browser, BrowserContext, BrowserContextOptions, Locator, Page } from '@playwright/test';

/** Console errors that are not defects. */
const EXPECTED = [/Failed to load resource: the server responded with a status of 4\d\d/];

export function isUnexpectedConsoleError(text: string): boolean {
  return !EXPECTED.some((pattern) => pattern.test(text));
}

function watchPage(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`uncaught error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && isUnexpectedConsoleError(message.text())) {
      problems.push(`console error on ${page.url()}: ${message.text()}`);
    }
  });
}

function watchContext(context: BrowserContext, problems: string[]): void {
  context.pages().forEach((page) => watchPage(page, problems));
  context.on('page', (page) => watchPage(page, problems));
}

export const test = base.extend<{ pageProblems: void }, { workerProblems: string[] }>({
  // Every context this worker's browser opens is watched; its problems collect here.
  workerProblems: [
    async ({ browser }: { browser: Browser }, use) => {
      const problems: string[] = [];
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        watchContext(context, problems);
        return context;
      };
      await use(problems);
      browser.newContext = newContext;
    },
    { scope: 'worker', auto: true },
  ],
  // After each test: the problems its pages reported since it started fail it (a test that already
  // failed keeps its own message).
  pageProblems: [
    async ({ workerProblems }, use, testInfo) => {
      workerProblems.length = 0;
      await use();
      const problems = workerProblems.splice(0);
      if (testInfo.status === testInfo.expectedStatus && problems.length > 0) {
        throw new Error(`The pages of this test reported errors:\n${problems.join('\n')}`);
      }
    },
    { auto: true },
  ],
});
