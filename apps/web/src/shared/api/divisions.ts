/** GB/T 2260 administrative divisions from the server, cached for the page's lifetime (they do not change). */
import { api } from './client.ts';
import type { Division, DivisionDetail } from './types.ts';

const childrenCache = new Map<string, Promise<Division[]>>();
const detailCache = new Map<string, Promise<DivisionDetail>>();

/** The divisions directly under `parent` (provinces when no parent is given). */
export function listDivisions(parent?: string): Promise<Division[]> {
  const key = parent ?? '';
  let pending = childrenCache.get(key);
  if (!pending) {
    pending = api.get<Division[]>(parent ? `/api/divisions?parent=${encodeURIComponent(parent)}` : '/api/divisions');
    // A failed load must not stay cached, or the picker could never recover.
    pending.catch(() => childrenCache.delete(key));
    childrenCache.set(key, pending);
  }
  return pending;
}

/** One division with its ancestors, for showing a stored code as names. */
export function getDivision(code: string): Promise<DivisionDetail> {
  let pending = detailCache.get(code);
  if (!pending) {
    pending = api.get<DivisionDetail>(`/api/divisions/${encodeURIComponent(code)}`);
    pending.catch(() => detailCache.delete(code));
    detailCache.set(code, pending);
  }
  return pending;
}

/** True when a 6-digit code is a county-level division (区/县) or finer, i.e. a complete household division. */
export function isCountyLevel(code: string): boolean {
  return code.length > 6 || (code.length === 6 && !code.endsWith('00'));
}

/** The full name of a division, e.g. 四川省 德阳市 旌阳区, from its detail. */
export function divisionFullName(detail: DivisionDetail): string {
  const names = detail.path.map((d) => d.name);
  if (names[names.length - 1] !== detail.name) names.push(detail.name);
  return names.join(' ');
}
