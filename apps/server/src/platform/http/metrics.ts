import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { Database } from '../db/database.ts';
import type { LoggedReply, LoggedRequest } from './logger.ts';

/** Where completed requests are reported (the app's OneLinePerRequest log controller). */
export interface RequestObservers {
  observe(observer: (request: LoggedRequest, reply: LoggedReply) => void): void;
}

/** Prometheus metrics: request counts and latencies by route, database pool and write queue, job queue. */
export function installMetrics(app: FastifyInstance, database: Database, completed: RequestObservers): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'fx_' });
  const requests = new client.Counter({
    name: 'fx_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'fx_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new client.Gauge({
    name: 'fx_db_pool_connections',
    help: 'Database connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = database.poolStats();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new client.Gauge({
    name: 'fx_group_commit',
    help: 'Group-commit write path: queued items, batches and items committed',
    labelNames: ['stat'] as const,
    registers: [registry],
    collect() {
      const s = database.writes.stats;
      this.set({ stat: 'queued' }, s.queued);
      this.set({ stat: 'batches' }, s.batches);
      this.set({ stat: 'items' }, s.items);
      this.set({ stat: 'retried_alone' }, s.retriedAlone);
      this.set({ stat: 'isolated' }, s.isolated);
      this.set({ stat: 'splits' }, s.splits);
      this.set({ stat: 'rows' }, s.rows);
      this.set({ stat: 'merged_inserts' }, s.mergedInserts);
    },
  });
  // prom-client hashes a label object on every inc/observe; the labelled children are looked up
  // once per (method, route, status) instead. Routes are templates, so the maps stay small.
  const counters = new Map<string, ReturnType<typeof requests.labels>>();
  const timers = new Map<string, ReturnType<typeof latency.labels>>();
  completed.observe((request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const key = `${request.method} ${route}`;
    let timer = timers.get(key);
    if (!timer) timers.set(key, (timer = latency.labels(request.method, route)));
    let counter = counters.get(`${key} ${status}`);
    if (!counter) counters.set(`${key} ${status}`, (counter = requests.labels(request.method, route, String(status))));
    counter.inc();
    timer.observe(reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
