/** Turning any failure into a message the user can read. */
import { ApiError } from './client.ts';

/**
 * A refusal of the user's input decided in the browser before anything is sent (an ID number with a
 * wrong check character, rules that are not JSON). Thrown inside a mutation, it is shown like the
 * server's own refusal.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The user-facing message of an error: the server's own message for ApiError, the refusal of an InputError, else `fallback`. */
export function messageOf(error: unknown, fallback: string): string {
  if ((error instanceof ApiError || error instanceof InputError) && error.message) return error.message;
  return fallback;
}

/** True for a failure worth one more try: the network, or the server failing (5xx); never a refusal (4xx). */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

/** Seconds the server asked us to wait (RATE_LIMITED carries retryAfterSeconds), if any. */
export function retryAfterOf(error: unknown): number | null {
  if (error instanceof ApiError && error.code === 'RATE_LIMITED') {
    const seconds = Number(error.details?.retryAfterSeconds);
    return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
  }
  return null;
}
