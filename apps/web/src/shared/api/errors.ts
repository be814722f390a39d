/** Turning any failure into a message the user can read. */
import { ApiError } from './client.ts';

/** The user-facing message of an error: the server's own message for ApiError, else `fallback`. */
export function messageOf(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.message) return error.message;
  return fallback;
}

/** Seconds the server asked us to wait (RATE_LIMITED carries retryAfterSeconds), if any. */
export function retryAfterOf(error: unknown): number | null {
  if (error instanceof ApiError && error.code === 'RATE_LIMITED') {
    const seconds = Number(error.details?.retryAfterSeconds);
    return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
  }
  return null;
}
