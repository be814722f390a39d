import { DEMO_CITIZEN_PHONE, type ProjectServer, type Scenario } from '../harness.ts';
import { benchIdNumber, benchName, benchPhone } from '../people.ts';

/** How many citizens and venues the load cycles through (OTP sign-ins are rate-limited per IP). */
const CITIZENS = 20;
const VENUES = 10;

interface Venue {
  id: string;
}

/** Registers and approves a venue as the 旌阳区 command post and returns its static place code. */
async function approvedVenue(project: ProjectServer, officer: { authorization: string }, i: number): Promise<string> {
  const venue = await project.api<Venue>('POST', '/api/venues', {
    name: `压测场所${i}`,
    type: i % 2 ? 'supermarket' : 'restaurant',
    address: `长江东路${i + 1}号`,
    divisionCode: '510603',
    latitude: 31.127 + i / 1000,
    longitude: 104.398,
    contactName: '测试联系人',
    contactPhone: '13900000000',
  }, officer);
  await project.api('POST', `/api/venues/${venue.id}/decision`, { decision: 'approved' }, officer);
  const code = await project.api<{ token: string }>('GET', `/api/venues/${venue.id}/place-code`, undefined, officer);
  return code.token;
}

/** Signs in a citizen and completes the real-name profile so the entry page shows an identity. */
async function realNameCitizen(project: ProjectServer, i: number): Promise<{ authorization: string }> {
  if (i === 0) return project.signInCitizen(DEMO_CITIZEN_PHONE); // already real-named by the seed
  const headers = await project.signInCitizen(benchPhone(i));
  await project.api('PUT', '/api/me/real-name', { name: benchName(i), documentType: 'resident_id', documentNumber: benchIdNumber(i), householdDivision: '510603' }, headers);
  return headers;
}

/**
 * The scan hot path: citizens scan venues' static place codes (POST /api/scans). Each request
 * verifies the token's HMAC, reads the citizen's code once, and answers after its scan commits
 * through group commit. The load cycles through 20 citizens × 10 venues.
 */
export const scenario: Scenario = {
  name: 'scan',
  description: 'citizen scans a place code (POST /api/scans, 20 citizens × 10 venues, committed before the answer)',
  targets: { ratio: 0.4, p99Ms: 25 }, // issue 3
  commits: true,
  async prepare(project) {
    const officer = await project.signInStaff('county');
    const tokens: string[] = [];
    for (let i = 0; i < VENUES; i++) tokens.push(await approvedVenue(project, officer, i));
    const citizens: { authorization: string }[] = [];
    for (let i = 0; i < CITIZENS; i++) citizens.push(await realNameCitizen(project, i));
    // Each citizen's first scan computes their code (first use); do it before the measured rounds.
    for (const headers of citizens) await project.api('POST', '/api/scans', { placeToken: tokens[0] }, headers);
    const requests = [];
    for (let i = 0; i < CITIZENS * VENUES; i++) {
      requests.push({
        method: 'POST',
        path: '/api/scans',
        headers: { ...citizens[i % CITIZENS], 'content-type': 'application/json' },
        body: JSON.stringify({ placeToken: tokens[Math.floor(i / CITIZENS) % VENUES] }),
      });
    }
    return { method: 'POST', path: '/api/scans', requests, expectStatus: 201 };
  },
};
