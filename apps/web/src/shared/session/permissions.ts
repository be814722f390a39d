/** What the server lets the signed-in user do, as it says in `me.actions`. */

/**
 * True when every needed policy action is among those the server granted; nothing needed means
 * any signed-in user. Only for what the UI offers: the server still checks each request.
 */
export function mayPerform(granted: readonly string[], needed: readonly string[] | undefined): boolean {
  return (needed ?? []).every((action) => granted.includes(action));
}
