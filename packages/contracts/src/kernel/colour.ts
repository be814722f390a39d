/** Health-code colours and what a colour means at a door. */

/** The three code colours, least severe first. */
export const COLOURS = ['green', 'yellow', 'red'] as const;
export type Colour = (typeof COLOURS)[number];

/** What a door does with a code: let the person in, or stop them for further checks. */
export const DECISIONS = ['pass', 'stop'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The door decision for a colour: only green passes; yellow, red and no valid colour are stopped. */
export function decisionFor(colour: Colour | null | undefined): Decision {
  return colour === 'green' ? 'pass' : 'stop';
}
