import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** `n` characters of an alphabet without look-alikes (no I, L, O, 0, 1). */
export const randomCode = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
const CHINA_OFFSET_MS = 8 * 3600_000;

/** TK + the China date + 6 characters: e.g. TK20261206-4F7Q2K. */
export function newTicketNumber(now: Date): string {
  const day = new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
  return `TK${day}-${randomCode(6)}`;
}
