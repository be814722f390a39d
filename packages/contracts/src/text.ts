import { Type } from 'typebox';

/**
 * One line of text a person types — a name, an address, a search term: at least one visible
 * character and no control characters (NUL, line breaks, tabs, DEL). PostgreSQL refuses NUL in
 * text, and none of them belongs in a name, so they are refused as a field-level 400 at the edge.
 */
export const PRINTABLE_LINE_PATTERN = '^(?=.*\\S)[^\\u0000-\\u001F\\u007F]*$';

/** A string schema for one printable line (see PRINTABLE_LINE_PATTERN); minLength defaults to 1. */
export function PrintableText(options: { maxLength: number; minLength?: number; description?: string }) {
  return Type.String({ minLength: 1, ...options, pattern: PRINTABLE_LINE_PATTERN });
}
