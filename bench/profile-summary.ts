import { readFileSync } from 'node:fs';

// node bench/profile-summary.ts FILE.cpuprofile [top=40] [window=6 s] [after=0 s] [until=end]
// Summarises a V8 CPU profile (from `npm run bench -- --cpu-prof DIR`): self time by function and
// by package/file within the busiest contiguous window of the run (a measured round, not start-up
// or the idle time while the bare server is measured), so hot-path costs can be compared.
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const [file, topArg, windowArg, afterArg, untilArg] = process.argv.slice(2);
const untilUs = untilArg ? Number(untilArg) * 1e6 : Infinity;
const afterUs = Number(afterArg ?? 0) * 1e6;
if (!file) throw new Error('usage: node bench/profile-summary.ts FILE.cpuprofile [top]');
const top = Number(topArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
// Timestamps per sample; busy time per second; then the window of `windowSec` seconds with the most busy time.
const times: number[] = [];
let t = 0;
for (const d of profile.timeDeltas) times.push((t += d));
const windowUs = Number(windowArg ?? 6) * 1e6;
let best = 0, bestStart = 0, busy = 0, lo = 0;
for (let hi = 0; hi < times.length; hi++) {
  if (!idle.has(profile.samples[hi])) busy += profile.timeDeltas[hi];
  while (times[hi] - times[lo] > windowUs) { if (!idle.has(profile.samples[lo])) busy -= profile.timeDeltas[lo]; lo++; }
  if (busy > best && times[lo] >= afterUs && times[hi] <= untilUs) { best = busy; bestStart = times[lo]; }
}
const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
  if (times[i] >= bestStart && times[i] <= bestStart + windowUs) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
console.log(`window ${(bestStart / 1e6).toFixed(1)}–${((bestStart + windowUs) / 1e6).toFixed(1)} s of ${(t / 1e6).toFixed(1)} s: ${(100 * best / windowUs).toFixed(0)}% busy`);
const total = [...self.values()].reduce((a, b) => a + b, 0);

function where(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = url.indexOf('/src/');
  return src >= 0 ? url.slice(src + 1) : url.replace(/^.*\//, '');
}

const fnTotals = new Map<string, number>();
const pkgTotals = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  const f = `${n.callFrame.functionName || '(anon)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  fnTotals.set(f, (fnTotals.get(f) ?? 0) + t);
  const p = where(n.callFrame.url);
  pkgTotals.set(p, (pkgTotals.get(p) ?? 0) + t);
}
const pct = (t: number) => ((100 * t) / total).toFixed(1).padStart(5) + '%';
console.log(`total ${(total / 1e6).toFixed(1)} s sampled\n\nby package / file:`);
for (const [k, t] of [...pkgTotals].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(t)}  ${k}`);
console.log('\nby function (self):');
for (const [k, t] of [...fnTotals].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${k}`);
