/**
 * GB/T 2260 administrative divisions from the server, as TanStack queries every surface shares.
 * They do not change while a page is open, so once read they stay fresh for the page's lifetime.
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Division, DivisionDetail } from './types.ts';

/** Query keys of the division reads. */
export const divisionKeys = {
  all: ['divisions'] as const,
  children: (parent: string | null) => ['divisions', 'children', parent ?? ''] as const,
  detail: (code: string) => ['divisions', 'detail', code] as const,
};

/** The divisions directly under `parent` (provinces when there is none). */
export function divisionChildrenQuery(parent: string | null) {
  return queryOptions({
    queryKey: divisionKeys.children(parent),
    queryFn: ({ signal }) => api.get<Division[]>(parent ? `/api/divisions?parent=${encodeURIComponent(parent)}` : '/api/divisions', { signal }),
    staleTime: Infinity,
  });
}

/** One division with its ancestors, for showing a stored code as names. */
export function divisionQuery(code: string) {
  return queryOptions({
    queryKey: divisionKeys.detail(code),
    queryFn: ({ signal }) => api.get<DivisionDetail>(`/api/divisions/${encodeURIComponent(code)}`, { signal }),
    staleTime: Infinity,
  });
}

/**
 * The full name of a division, e.g. 四川省 德阳市 旌阳区, from its detail. The GB/T 2260 data has
 * Chinese names only and a romanisation cannot be derived safely (polyphonic characters, official
 * English names differ from pinyin), so in any language other than Chinese the name stays Chinese
 * followed by its code: 四川省 德阳市 旌阳区 (510603).
 */
export function divisionFullName(detail: DivisionDetail, language = 'zh-CN'): string {
  const names = detail.path.map((d) => d.name);
  if (names[names.length - 1] !== detail.name) names.push(detail.name);
  const name = names.join(' ');
  return language.startsWith('zh') ? name : `${name} (${detail.code})`;
}
