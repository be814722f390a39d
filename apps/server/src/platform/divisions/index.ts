import { defineModule } from '../modules/module.ts';
import { childDivisions, findDivision, parentCode, PROVINCE_NAMES, type Division } from './divisions.data.ts';
import { divisionRoutes } from './divisions.routes.ts';

/**
 * GB/T 2260 administrative divisions: the reference data (names, levels, children) every module and
 * the platform's identity checks read. Pure code arithmetic (prefix, parent, contains) is the kernel's
 * (`@fangxian/contracts/kernel`); this piece knows which codes name real divisions.
 */

export type { Division };
export { PROVINCE_NAMES, childDivisions };

/** True when `code` is a real GB/T 2260 division (province, city or county level). */
export function isDivisionCode(code: string | null | undefined): boolean {
  return typeof code === 'string' && /^\d{6}$/.test(code) && findDivision(code) !== undefined;
}

/** True for a division with nothing below it (a county, or a city without counties such as 东莞市): where people are registered. */
export function isLeafDivision(code: string | null | undefined): boolean {
  return isDivisionCode(code) && childDivisions(code!).length === 0;
}

/** The name of a division (旌阳区), or null for an unknown code. */
export function divisionName(code: string): string | null {
  return findDivision(code)?.name ?? null;
}

/** The division and its ancestors from the province down, e.g. 四川省 › 德阳市 › 旌阳区; [] when unknown. */
export function divisionPath(code: string): Division[] {
  const path: Division[] = [];
  let current = findDivision(code);
  while (current) {
    path.unshift(current);
    const up = parentCode(current.code);
    current = up ? findDivision(up) : undefined;
  }
  return path;
}

/** The division record itself (code, name, level), or undefined. */
export function divisionOf(code: string): Division | undefined {
  return findDivision(code);
}

/** The full display name, e.g. "四川省德阳市旌阳区" (skips the 市辖区 placeholder of municipalities). */
export function divisionFullName(code: string): string {
  return divisionPath(code).filter((d) => d.name !== '市辖区' && d.name !== '县').map((d) => d.name).join('');
}

/**
 * A postal address with its division in front, written once (posters, print pages): "四川省德阳市旌阳区长江西路二段1号".
 * An address that already starts with the division's name, or with its lower levels ("德阳市旌阳区…",
 * "旌阳区…"), is completed rather than repeated; one that names no division gets the full name in front.
 */
export function addressWithDivision(code: string, address: string): string {
  const names = divisionPath(code).filter((d) => d.name !== '市辖区' && d.name !== '县').map((d) => d.name);
  const text = address.trim();
  for (let k = 0; k < names.length; k++) {
    if (text.startsWith(names.slice(k).join(''))) return names.slice(0, k).join('') + text;
  }
  return names.join('') + text;
}

/** The divisions platform piece: public lookups under /api/divisions. */
export const DivisionsModule = defineModule({
  name: 'divisions',
  routes: divisionRoutes,
});
