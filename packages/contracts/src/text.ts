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

/** Free text that may span lines (a note, a reason): no NUL or other control characters except line breaks and tabs. */
export const MULTILINE_TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';

/** A string schema for free multi-line text (see MULTILINE_TEXT_PATTERN). */
export function MultilineText(options: { maxLength: number; minLength?: number; description?: string }) {
  return Type.String({ ...options, pattern: MULTILINE_TEXT_PATTERN });
}
