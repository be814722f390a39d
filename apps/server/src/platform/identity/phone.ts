/**
 * Mainland China mobile numbers (11 digits starting 13–19). People type them with spaces, dashes or
 * a +86 / 0086 prefix; we store and index the bare 11 digits.
 */
export function normaliseMainlandMobile(input: string): string | null {
  const compact = input.normalize('NFKC').replace(/[\s()-]/g, '');
  const bare = compact.replace(/^(?:\+86|0086|86(?=1\d{10}$))/, '');
  return /^1[3-9]\d{9}$/.test(bare) ? bare : null;
}
