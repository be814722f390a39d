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

/** A division's name in the UI language: 旌阳区, or its English name (Jingyang District) outside Chinese. */
export function divisionName(division: Pick<Division, 'name' | 'nameEn'>, language = 'zh-CN'): string {
  return language.startsWith('zh') ? division.name : division.nameEn || division.name;
}

/**
 * The full name of a division from its detail, in the UI language: 四川省 德阳市 旌阳区 from the
 * province down in Chinese; Jingyang District, Deyang City, Sichuan Province from the division up
 * in English (the server derives the English names from the Chinese ones: pinyin, level translated).
 */
export function divisionFullName(detail: DivisionDetail, language = 'zh-CN'): string {
  const path = [...detail.path];
  if (path[path.length - 1]?.code !== detail.code) path.push(detail);
  if (language.startsWith('zh')) return path.map((d) => d.name).join(' ');
  return path
    .reverse()
    .map((d) => divisionName(d, language))
    .join(', ');
}
