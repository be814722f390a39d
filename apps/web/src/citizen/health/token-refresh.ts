/** When to fetch a new QR token: well before the old one expires, never in a tight loop. */

/** Milliseconds to wait before refreshing a token valid until `expiresAt`, given the server's `serverTime` when it was issued. */
export function refreshDelayMs(serverTime: string, expiresAt: string): number {
  const lifetime = Date.parse(expiresAt) - Date.parse(serverTime);
  if (!Number.isFinite(lifetime)) return 30_000;
  // Refresh with a fifth of the lifetime (at most 30 s) still left, so a scan at the door never meets
  // an expired code; at least 5 s apart so a misconfigured short lifetime cannot hammer the server.
  const margin = Math.min(30_000, lifetime / 5);
  return Math.max(5_000, lifetime - margin);
}
