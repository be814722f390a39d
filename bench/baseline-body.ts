/**
 * The answer of the baselines (bare-server.ts, commit-floor-server.ts): a small JSON body of about
 * the size of /api/me, the same for both so they differ only in the commit.
 */
export const BASELINE_BODY = {
  kind: 'citizen',
  id: '00000000-0000-4000-8000-000000000000',
  displayName: '138****0001',
  language: 'zh-CN',
  roles: [],
  department: null,
  regionCode: null,
  venueId: null,
  realName: null,
};
