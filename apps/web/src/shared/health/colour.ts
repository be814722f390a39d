/** How a colour and the server's bilingual texts look on every surface. */
import type { Colour } from '@fangxian/contracts/kernel/colour';
import type { BilingualText } from '@fangxian/contracts/kernel/status-texts';

/** Colours of the three codes, strong enough to read at arm's length. */
export const COLOUR_HEX: Record<Colour, string> = { green: '#0fa958', yellow: '#f5b700', red: '#e02d2d' };

/** Darker tones of the same colours for QR modules: scanners need contrast against white. */
export const QR_HEX: Record<Colour, string> = { green: '#067a3c', yellow: '#a86f00', red: '#b71c1c' };

/** antd Tag colours for the three codes. */
export const COLOUR_TAG: Record<Colour, string> = { green: 'success', yellow: 'warning', red: 'error' };

/** The server's text in the UI language (Chinese for anything but English). */
export function localText(text: BilingualText | null | undefined, language: string): string {
  if (!text) return '';
  return language === 'en' ? text.en || text.zh : text.zh || text.en;
}

// The place-code format of modules/venues (venues.tokens.ts): kind s|d, version 1, venue, counter, MAC.
const PLACE_TOKEN = /^[sd]1\.[A-Za-z0-9_-]{22}\.\d{1,12}\.[A-Za-z0-9_-]{22}$/;

/**
 * The place token in what a camera read: the poster/screen URL (…/m/scan?c=<token>) or the bare
 * token; null when it is something else (another app's QR, a health code).
 */
export function placeTokenOf(text: string): string | null {
  const value = text.trim();
  if (PLACE_TOKEN.test(value)) return value;
  try {
    const url = new URL(value);
    const token = url.searchParams.get('c');
    return url.pathname.replace(/\/+$/, '').endsWith('/m/scan') && token && PLACE_TOKEN.test(token) ? token : null;
  } catch {
    return null;
  }
}
