/** Pure checks of the declaration forms, run before anything is sent (the server checks again). */

/** A body temperature typed by the citizen in °C (34.0–43.0, one decimal), or null when it is not one. */
export function parseTemperature(input: string | undefined | null): number | null {
  const text = (input ?? '').trim().replace('，', '.').replace(',', '.');
  if (!/^\d{2}(\.\d)?$/.test(text)) return null;
  const value = Number(text);
  return value >= 34 && value <= 43 ? value : null;
}

export interface TripLegDraft {
  divisionCode?: string;
  from?: string;
  to?: string;
}

export type TripProblem = 'none' | 'incomplete' | 'datesInvalid';

/**
 * What is wrong with a list of trip legs, or null when it can be sent: at least one leg, each with a
 * place and both days, arrival not after departure, nothing after today nor more than 30 days back
 * (`today` is the YYYY-MM-DD day in China Standard Time).
 */
export function checkTrips(legs: readonly TripLegDraft[], today: string, earliest: string): TripProblem | null {
  if (legs.length === 0) return 'none';
  for (const leg of legs) {
    if (!leg.divisionCode || !leg.from || !leg.to) return 'incomplete';
    if (leg.from > leg.to || leg.to > today || leg.from < earliest) return 'datesInvalid';
  }
  return null;
}
