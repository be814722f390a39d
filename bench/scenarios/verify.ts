import type { Scenario } from '../harness.ts';
import { benchIdNumber, benchName, benchPhone } from '../people.ts';

const CITIZENS = 20;

/**
 * Staff verify a citizen's health code (验码): the demo venue's staff post the token from the
 * citizen's QR to POST /api/health/verify; the answer is the colour, masked identity and pass/stop,
 * and the check is recorded as a scan at the venue (group commit) before the answer.
 */
export const scenario: Scenario = {
  name: 'verify',
  description: 'venue staff verify a citizen code (POST /api/health/verify, 20 citizens, recorded as a scan)',
  targets: { ratio: 0.5, p99Ms: 25 }, // issue 3
  commits: true,
  async prepare(project) {
    const staff = await project.signInStaff('venue');
    const me = await project.api<{ venueId: string | null }>('GET', '/api/me', undefined, staff);
    if (!me.venueId) throw new Error('the demo venue staff account has no venue');
    const tokens: string[] = [];
    for (let i = 0; i < CITIZENS; i++) {
      const headers = await project.signInCitizen(benchPhone(100 + i));
      await project.api('PUT', '/api/me/real-name', { name: benchName(100 + i), documentType: 'resident_id', documentNumber: benchIdNumber(100 + i), householdDivision: '510603' }, headers);
      // Tokens live for minutes (FX_CODE_TOKEN_TTL_MINUTES, 3 by default): enough for the rounds that follow.
      tokens.push((await project.api<{ token: string }>('GET', '/api/health/code', undefined, headers)).token);
    }
    await project.api('POST', '/api/health/verify', { token: tokens[0], venueId: me.venueId }, staff);
    return {
      method: 'POST',
      path: '/api/health/verify',
      requests: tokens.map((token) => ({
        method: 'POST',
        path: '/api/health/verify',
        headers: { ...staff, 'content-type': 'application/json' },
        body: JSON.stringify({ token, venueId: me.venueId }),
      })),
      expectStatus: 200,
    };
  },
};
