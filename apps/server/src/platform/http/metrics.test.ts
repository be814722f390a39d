import client from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestMetrics } from './metrics.ts';

describe('request metrics', () => {
  it('expose the same series and values as prom-client would for the same requests', async () => {
    const registry = new client.Registry();
    const counter = new client.Counter({ name: 'fx_http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
    const histogram = new client.Histogram({
      name: 'fx_http_request_duration_seconds',
      help: 'HTTP request latency by method and route',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const ours = new RequestMetrics();
    const requests: [string, string, number, number][] = [
      ['POST', '/api/scans', 201, 0.0042],
      ['POST', '/api/scans', 201, 0.001], // on a bucket boundary: counted in le="0.001"
      ['POST', '/api/scans', 400, 0.0009],
      ['GET', '/api/venues/:id', 200, 3.5], // beyond the last bucket
      ['GET', 'unmatched', 404, 0.02],
      ['GET', '/odd"route\\x', 200, 0.3],
    ];
    for (const [method, route, status, seconds] of requests) {
      ours.record(method, route, status, seconds);
      counter.labels(method, route, String(status)).inc();
      histogram.labels(method, route).observe(seconds);
    }
    const series = (text: string) =>
      new Map(
        text
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .map((l) => {
            const cut = l.lastIndexOf(' ');
            const [name, labels = ''] = l.slice(0, cut).split(/[{}]/);
            // Label order may differ; compare as sorted sets.
            return [`${name}{${labels.split(/,(?=[a-z]+=)/).sort().join(',')}}`, Number(l.slice(cut + 1))];
          }),
      );
    const expected = series(await registry.metrics());
    const actual = series(ours.exposition());
    expect(actual.size).toBe(expected.size);
    for (const [key, value] of expected) expect(actual.get(key), key).toBeCloseTo(value, 9);
    expect(ours.exposition()).toContain('# TYPE fx_http_request_duration_seconds histogram');
  });
});
