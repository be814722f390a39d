import type { Scenario } from '../harness.ts';

/** GET /healthz: no database, no session — the cost of the platform's hooks (security headers, request id, metrics, logging). */
export const scenario: Scenario = {
  name: 'healthz',
  description: 'GET /healthz (platform hooks only, no database)',
  async prepare() {
    return { method: 'GET', path: '/healthz' };
  },
};
