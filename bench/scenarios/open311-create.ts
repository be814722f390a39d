import type { Scenario } from '../harness.ts';

/**
 * Filing through Open311 GeoReport v2 (issue 15): an API client with `open311.requests` POSTs a
 * service request (JSON body, api_key, location, description, the caller's name and phone — encrypted
 * at rest). Each request is a new ticket: number, deadline from the working-day calendar, routing,
 * ticket row + its first history row + audit in one transaction, answered after the commit.
 * Measured against the commit floor in the same run (issue 15: ≥ 0.7 × the floor).
 */
export const scenario: Scenario = {
  name: 'open311-create',
  description: 'API client files a service request (POST /api/open311/v2/requests.json, JSON, committed before the answer)',
  targets: { ratio: 0, p99Ms: 100 },
  commits: true,
  async prepare(project) {
    const admin = await project.signInStaff('admin');
    const client = await project.api<{ key: string }>('POST', '/api/admin/api-clients', { name: '压测 Open311', permissions: ['open311.requests'], regionCode: '510600' }, admin);
    const bodies = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({
        api_key: client.key,
        service_code: ['TK-COMPLAINT', 'TK-HELP', 'TK-CONSULTATION', 'TK-SUGGESTION'][i % 4],
        lat: 31.12 + i / 1000,
        long: 104.39 + i / 1000,
        address_string: `旌阳区压测路${i + 1}号`,
        description: `压测诉求 ${i + 1}：小区门口垃圾清运不及时，气味很大，请尽快处理。`,
        first_name: '压测',
        last_name: `用户${i}`,
        phone: `1390000${String(i).padStart(4, '0')}`,
        jurisdiction_id: '510603',
      }),
    );
    // One request first: the jieba-free path, the calendar and the routing rules warm up outside the rounds.
    await project.api('POST', '/api/open311/v2/requests.json', JSON.parse(bodies[0]));
    return {
      method: 'POST',
      path: '/api/open311/v2/requests.json',
      requests: bodies.map((body) => ({ method: 'POST', path: '/api/open311/v2/requests.json', headers: { 'content-type': 'application/json' }, body })),
    };
  },
};
