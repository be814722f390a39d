// Lighthouse mobile performance on the three sign-in pages (issue 11: ≥ 90). Performance depends on
// the machine and its load, so this is a benchmark, not a test: `npm run build:web && node bench/lighthouse.ts`.
//
// Starts the built project server as in production (harness.ts: NODE_ENV=production, demo seed, fresh
// PGlite, served web build with its precompressed assets), then runs Lighthouse's performance category
// with its default mobile settings (Moto G Power emulation, simulated slow 4G and 4× CPU slowdown)
// in Debian's Chromium (CHROMIUM_PATH), like e2e/lighthouse.spec.ts. Each page is measured RUNS
// times (default 3; LIGHTHOUSE_RUNS) and the median score is reported with FCP / LCP / TBT and the
// load average before and after, and the same for a static page without scripts (the floor). Below the target it lists the opportunities Lighthouse reports.
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { launch } from 'chrome-launcher';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { freePort, startProjectServer } from './harness.ts';

const PAGES = ['/m/sign-in', '/console/sign-in', '/venue/sign-in'];
// The floor: a static page with a heading and a paragraph and no script, measured in the same sitting
// with the same settings — what this machine's load allows at best.
const FLOOR_PAGE = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>floor</title></head><body><h1>防线</h1><p>static page without scripts (floor)</p></body></html>';
const TARGET = 90;
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** The audits that cost points or suggest savings, worst first. */
function findings(lhr: Result): string[] {
  return Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 0.9 && (a.scoreDisplayMode === 'metricSavings' || a.scoreDisplayMode === 'numeric' || a.scoreDisplayMode === 'binary'))
    .map((a) => `    ${a.id} (${a.score}) ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
}

const loadBefore = load();
const server = await startProjectServer({ logLevel: 'warn' });
const floorPort = await freePort();
const floor = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(FLOOR_PAGE));
await new Promise<void>((resolve) => floor.listen(floorPort, '127.0.0.1', resolve));
const chrome = await launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const rows: string[] = [];
let failed = false;
try {
  for (const url of [`http://127.0.0.1:${floorPort}/`, ...PAGES.map((p) => server.url + p)]) {
    const path = url.includes(String(floorPort)) ? '(floor: static page)' : new URL(url).pathname;
    const runs: { score: number; fcp: number; lcp: number; tbt: number; lhr: Result }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const flags: Flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], formFactor: 'mobile' };
      const result = await lighthouse(url, flags);
      if (!result) throw new Error(`Lighthouse gave no result for ${path}`);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      runs.push({
        score: Math.round((lhr.categories.performance!.score ?? 0) * 100),
        fcp: lhr.audits['first-contentful-paint']!.numericValue ?? NaN,
        lcp: lhr.audits['largest-contentful-paint']!.numericValue ?? NaN,
        tbt: lhr.audits['total-blocking-time']!.numericValue ?? NaN,
        lhr,
      });
    }
    const score = median(runs.map((r) => r.score));
    const row = `| \`${path}\` | **${score}** (${runs.map((r) => r.score).join(' / ')}) | ${(median(runs.map((r) => r.fcp)) / 1000).toFixed(2)} s | ${(median(runs.map((r) => r.lcp)) / 1000).toFixed(2)} s | ${Math.round(median(runs.map((r) => r.tbt)))} ms |`;
    rows.push(row);
    console.log(row);
    if (score < TARGET && PAGES.includes(path)) {
      failed = true;
      console.log(`  below ${TARGET}; Lighthouse's findings (last run):\n${findings(runs.at(-1)!.lhr).join('\n')}`);
    }
  }
} finally {
  chrome.kill();
  floor.close();
  await server.stop();
}
console.log(`\nLighthouse mobile performance, ${RUNS} run(s) per page, median score (each run), median FCP / LCP / TBT`);
console.log('| page | score | FCP | LCP | TBT |\n|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`load average before: ${loadBefore}; after: ${load()}; target ≥ ${TARGET}: ${failed ? 'NOT met on every page' : 'met on every page'}`);
