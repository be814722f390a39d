import { DEMO_CITIZEN_PHONE, type Scenario } from '../harness.ts';

/** Authenticated GET /api/me as the demo citizen: session lookup, access check, decrypt + mask. */
export const scenario: Scenario = {
  name: 'me',
  description: 'authenticated GET /api/me (demo citizen, bearer token)',
  async prepare(project) {
    const headers = await project.signInCitizen(DEMO_CITIZEN_PHONE);
    return { method: 'GET', path: '/api/me', headers };
  },
};
