/**
 * The hot path probed from a separate process (issue 17): venue scans (POST /api/scans) and door checks
 * (POST /api/health/verify) sent over HTTP to a running server, one at a time with a short pause,
 * until the parent says stop; then the latencies (p50 / p99 / max per path) go back to the parent.
 * Started by startHotPathProbe in bench/harness.ts (bench/health-code-city.ts and bench/city-scale.ts with
 * `--probe`, child_process.fork); not meant to be run alone.
 *
 * The requests come in the PROBE_REQUESTS environment variable: JSON
 * `{ base, pauseMs, requests: [{ name, method, path, headers, body }] }`, sent round robin.
 */
interface ProbeRequest {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

const config = JSON.parse(process.env.PROBE_REQUESTS ?? '{}') as { base: string; pauseMs: number; requests: ProbeRequest[] };
const latencies = new Map<string, number[]>();
const statuses = new Map<string, Record<string, number>>();
let running = false;
let stopped: () => void = () => {};
let done: Promise<void> = Promise.resolve();

async function loop(): Promise<void> {
  let i = 0;
  while (running) {
    const req = config.requests[i++ % config.requests.length];
    const started = performance.now();
    let status = 'error';
    try {
      const res = await fetch(config.base + req.path, { method: req.method, headers: { 'content-type': 'application/json', ...req.headers }, body: JSON.stringify(req.body) });
      await res.arrayBuffer();
      status = String(res.status);
    } catch {
      // counted as an error
    }
    const list = latencies.get(req.name) ?? [];
    list.push(performance.now() - started);
    latencies.set(req.name, list);
    const counts = statuses.get(req.name) ?? {};
    counts[status] = (counts[status] ?? 0) + 1;
    statuses.set(req.name, counts);
    await new Promise((r) => setTimeout(r, config.pauseMs));
  }
  stopped();
}

function summary(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, list] of latencies) {
    list.sort((a, b) => a - b);
    const q = (p: number) => Math.round(list[Math.min(list.length - 1, Math.floor(p * list.length))] * 10) / 10;
    out[name] = { n: list.length, p50: q(0.5), p99: q(0.99), max: Math.round(list.at(-1) ?? 0), statuses: statuses.get(name) };
  }
  return out;
}

process.on('message', async (msg: { type: string }) => {
  if (msg.type === 'start') {
    latencies.clear();
    statuses.clear();
    running = true;
    done = new Promise<void>((r) => (stopped = r));
    void loop();
    process.send?.({ type: 'started' });
  } else if (msg.type === 'stop') {
    running = false;
    await done;
    process.send?.({ type: 'summary', summary: summary() });
  } else if (msg.type === 'exit') process.exit(0);
});
process.send?.({ type: 'ready' });
