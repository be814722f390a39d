/** Where a sign-in page sends the user afterwards. */

/** Where to go after signing in: the `from` query parameter when it is a local path, else `fallback`. */
export function returnPathOf(search: string, fallback: string): string {
  const from = new URLSearchParams(search).get('from');
  // Only same-surface paths: never an absolute URL or a protocol-relative one (open redirect).
  if (from && from.startsWith('/') && !from.startsWith('//') && !from.includes('\\')) return from;
  return fallback;
}
