import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { Database } from '../db/database.ts';
import type { LoggedReply, LoggedRequest } from './logger.ts';
import { AppError, CommonErrors } from './errors.ts';

/** Where completed requests are reported (the app's OneLinePerRequest log controller). */
export interface RequestObservers {
  observe(observer: (request: LoggedRequest, reply: LoggedReply) => void): void;
}

/**
 * Who may read /metrics: with a token, only callers sending `Authorization: Bearer <token>` (compared in
 * constant time); without one, everyone in development and tests, and nobody in production (the route
 * is not registered at all).
 */
export interface MetricsAccess {
  env: 'development' | 'production' | 'test';
  token: string | null;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/**
 * Prometheus metrics: Node's process metrics, request counts and latencies by route, the database
 * pool, the group-commit write path. Each family is one kind (`promtool check metrics` clean, tested in
 * metrics.test.ts and security-metrics.int.test.ts): counters end in `_total` and only counters do;
 * a gauge is a level that goes up and down; no family mixes the two under a label.
 */
export function installMetrics(app: FastifyInstance, database: Database, completed: RequestObservers, access: MetricsAccess): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'fx_' });
  // prom-client's fx_nodejs_active_{handles,requests,resources}_total are gauges named like counters;
  // each is the sum of its per-type gauge (sum(fx_nodejs_active_handles)), so they are dropped.
  for (const metric of registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    if (name.endsWith('_total') && type !== 'counter') registry.removeSingleMetric(name);
  }
  const requests = new RequestMetrics();
  completed.observe((request, reply) => requests.record(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000));
  if (!access.token && access.env === 'production') return registry;
  const token = access.token;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token && !bearerMatches(request.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError(CommonErrors.UNAUTHENTICATED);
    }
    reply.header('content-type', registry.contentType);
    return `${await registry.metrics()}${databaseExposition(database)}${requests.exposition()}`;
  });
  return registry;
}

type Sample = readonly [labels: string, value: number];

/** One metric family in the text exposition format: HELP, TYPE, then its samples. */
export function family(name: string, type: 'counter' | 'gauge', help: string, samples: readonly Sample[]): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([labels, value]) => `${name}${labels ? `{${labels}}` : ''} ${value}`)];
}

/** The database pool (levels) and the group-commit write path (a queue level and running totals). */
export function databaseExposition(database: Pick<Database, 'poolStats' | 'writes'>): string {
  const pool = database.poolStats();
  const g = database.writes.stats;
  const lines = [
    ...family('fx_db_pool_connections', 'gauge', 'Open database connections by state (idle, busy)', [
      ['state="idle"', pool.idle],
      ['state="busy"', Math.max(0, pool.total - pool.idle)],
    ]),
    ...family('fx_db_pool_waiting_queries', 'gauge', 'Queries waiting for a free database connection', [['', pool.waiting]]),
    ...family('fx_group_commit_queued_items', 'gauge', 'Writes waiting in the group-commit queue', [['', g.queued]]),
    ...family('fx_group_commit_batches_total', 'counter', 'Group-commit transactions committed', [['', g.batches]]),
    ...family('fx_group_commit_items_total', 'counter', 'Writes committed through group commit', [['', g.items]]),
    ...family('fx_group_commit_splits_total', 'counter', 'Batches that failed as a whole and ran again item by item', [['', g.splits]]),
    ...family('fx_group_commit_isolated_total', 'counter', 'Writes that failed inside a batch and were rolled back alone (savepoint)', [['', g.isolated]]),
    ...family('fx_group_commit_retried_alone_total', 'counter', 'Writes retried in their own transaction after their batch could not commit', [['', g.retriedAlone]]),
    ...family('fx_group_commit_merged_inserts_total', 'counter', 'Multi-row insert statements written by group commit', [['', g.mergedInserts]]),
    ...family('fx_group_commit_rows_total', 'counter', 'Rows written through merged inserts', [['', g.rows]]),
    ...family('fx_group_commit_batched_inputs_total', 'counter', 'Writes committed through a batch kind (one run for all callers of a batch)', [['', g.batchedInputs]]),
    ...family('fx_group_commit_batch_runs_total', 'counter', 'Runs of batch kinds', [['', g.batchRuns]]),
  ];
  return `${lines.join('\n')}\n`;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface RouteStats {
  method: string;
  route: string;
  byStatus: Map<number, number>;
  buckets: number[]; // per bucket, not cumulative; the last one is +Inf
  sum: number;
  count: number;
}

/** A Prometheus label value: backslash, double quote and newline escaped. */
function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * fx_http_requests_total (counter by method, route, status) and fx_http_request_duration_seconds
 * (histogram by method and route), kept in plain numbers per route and written in the Prometheus
 * text format on scrape. prom-client validates and hashes a label set on every observation, which
 * cost several microseconds per request on the hot paths; here a request costs two map lookups.
 * Routes are templates (or "unmatched"), so the maps stay small.
 */
export class RequestMetrics {
  private readonly routes = new Map<string, Map<string, RouteStats>>();

  record(method: string, route: string, status: number, seconds: number): void {
    let byRoute = this.routes.get(method);
    if (!byRoute) this.routes.set(method, (byRoute = new Map()));
    let stats = byRoute.get(route);
    if (!stats) byRoute.set(route, (stats = { method, route, byStatus: new Map(), buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), sum: 0, count: 0 }));
    stats.byStatus.set(status, (stats.byStatus.get(status) ?? 0) + 1);
    let b = 0;
    while (b < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[b]) b++;
    stats.buckets[b]++;
    stats.sum += seconds;
    stats.count++;
  }

  /** Both metrics in the Prometheus text exposition format. */
  exposition(): string {
    const all = [...this.routes.values()].flatMap((m) => [...m.values()]);
    const lines = ['# HELP fx_http_requests_total HTTP requests by method, route and status', '# TYPE fx_http_requests_total counter'];
    for (const s of all) {
      for (const [status, n] of s.byStatus) lines.push(`fx_http_requests_total{method="${labelValue(s.method)}",route="${labelValue(s.route)}",status="${status}"} ${n}`);
    }
    lines.push('# HELP fx_http_request_duration_seconds HTTP request latency by method and route', '# TYPE fx_http_request_duration_seconds histogram');
    for (const s of all) {
      const labels = `method="${labelValue(s.method)}",route="${labelValue(s.route)}"`;
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i];
        lines.push(`fx_http_request_duration_seconds_bucket{le="${le}",${labels}} ${cumulative}`);
      });
      lines.push(`fx_http_request_duration_seconds_bucket{le="+Inf",${labels}} ${s.count}`);
      lines.push(`fx_http_request_duration_seconds_sum{${labels}} ${s.sum}`);
      lines.push(`fx_http_request_duration_seconds_count{${labels}} ${s.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
