/**
 * The `GET /api/me` probe of bench/screening-import.ts, in its own process (so the bench's polling,
 * uploads and file reading do not delay it): every `--every-ms` (default 50) one request, one at a
 * time, over keep-alive; each probe's start (epoch ms) and latency (ms) are written to stdout as
 * `t ms ok` lines, flushed as they come. Stops on SIGTERM or when stdin closes.
 *
 *   node bench/me-probe.ts --url http://127.0.0.1:PORT --authorization 'Bearer …'
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    authorization: { type: 'string' },
    'every-ms': { type: 'string', default: '50' },
  },
});
let running = true;
process.on('SIGTERM', () => (running = false));
process.stdin.on('end', () => (running = false));
process.stdin.resume();
const every = Number(values['every-ms']);
const headers = { authorization: values.authorization! };
while (running) {
  const startedAt = Date.now();
  const t = performance.now();
  let ok = 1;
  try {
    const r = await fetch(`${values.url}/api/me`, { headers });
    await r.arrayBuffer();
    if (!r.ok) ok = 0;
  } catch {
    ok = 0;
  }
  process.stdout.write(`${startedAt} ${(performance.now() - t).toFixed(2)} ${ok}\n`);
  await new Promise((r) => setTimeout(r, every));
}
process.exit(0);
