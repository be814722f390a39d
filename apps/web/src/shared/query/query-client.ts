/**
 * TanStack Query set-up shared by the three surfaces: each surface makes one client at start-up and
 * holds all its server state in it (lists, records, its user). What every query does unless it says
 * otherwise: refetch when the window regains focus or a component mounts on stale data, retry a
 * network or server failure once (a refusal — 4xx — never), and keep unused data five minutes.
 */
import { QueryClient } from '@tanstack/react-query';
import { isTransient } from '../api/errors.ts';

/** A surface's QueryClient. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => failureCount < 1 && isTransient(error),
        refetchOnWindowFocus: true,
      },
      // A change is sent once: repeating it could, for instance, record a visit twice.
      mutations: { retry: false },
    },
  });
}
