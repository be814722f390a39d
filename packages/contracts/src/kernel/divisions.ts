/**
 * GB/T 2260 administrative division codes as plain strings: province 2 digits, city 2, county 2
 * (510603 = 四川省 德阳市 旌阳区); towns extend a county code to 9 digits and villages to 12.
 * Pure arithmetic on the code only: whether a code names a real division is the divisions data's business.
 */

/** The level of a division code. */
export type DivisionLevel = 'province' | 'city' | 'county' | 'town' | 'village';

/** True when `code` has the shape of a division code: 6 digits (province, city, county), 9 (town) or 12 (village). */
export function isDivisionCode(code: string | null | undefined): boolean {
  return typeof code === 'string' && /^(?:\d{6}|\d{9}|\d{12})$/.test(code);
}

/**
 * The significant prefix of a division code, which every code inside it starts with:
 * 510600 → 5106, 510000 → 51, 510603 → 510603 ('' stays '', the whole country).
 * Town and village codes (9 and 12 digits) have non-zero parts and are their own prefix.
 */
export function divisionPrefix(code: string): string {
  return code.replace(/(00)+$/, '');
}

/** The level of a division code (510000 province, 510600 city, 510603 county, 9 digits town, 12 village). */
export function divisionLevel(code: string): DivisionLevel {
  if (!isDivisionCode(code)) throw new RangeError(`not a GB/T 2260 division code: ${JSON.stringify(code)}`);
  if (code.length === 12) return 'village';
  if (code.length === 9) return 'town';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The code one level up, as stored (510603 → 510600 → 510000; 510603001 → 510603); null for a province. */
export function divisionParent(code: string): string | null {
  switch (divisionLevel(code)) {
    case 'province':
      return null;
    case 'city':
      return `${code.slice(0, 2)}0000`;
    case 'county':
      return `${code.slice(0, 4)}00`;
    case 'town':
      return code.slice(0, 6);
    case 'village':
      return code.slice(0, 9);
  }
}

/** A division and every level above it, as stored codes: 510603 → [510000, 510600, 510603]. */
export function divisionAncestors(code: string): string[] {
  const out = new Set<string>();
  for (const len of [2, 4, 6, 9, 12]) {
    if (code.length < len) break;
    const prefix = code.slice(0, len);
    out.add(len < 6 ? prefix.padEnd(6, '0') : prefix);
  }
  return [...out];
}

/**
 * True when the division `outer` covers `inner` (itself included): 510600 covers 510603 and
 * 510603001. An empty `outer` is the whole country and covers everything; an empty `inner` is
 * nowhere in particular and lies in no narrower division.
 */
export function divisionContains(outer: string | null | undefined, inner: string | null | undefined): boolean {
  if (!outer) return true;
  if (!inner) return false;
  return inner.startsWith(divisionPrefix(outer));
}

/** True for a county-level division (区/县) or finer: a complete household division. */
export function isCountyLevel(code: string): boolean {
  return code.length > 6 || (code.length === 6 && !code.endsWith('00'));
}
