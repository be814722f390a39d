/** GB/T 2260 prefix arithmetic shared by the registries and the health-code facts. */

/** The significant prefix of a division code: 510600 → 5106, 510000 → 51, 510603 → 510603. */
export function divisionPrefix(code: string): string {
  return code.replace(/(00)+$/, '');
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
