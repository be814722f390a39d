/** The citizen's own health code, declarations, corrections, venue visits and venue applications: query keys, reads, changes. */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../shared/api/client.ts';
import type { Correction, DisputableFact, EntryPage, HealthDeclarationInput, MyCode, MyScan, TripDeclarationInput, Venue } from '../../shared/health/health.types.ts';

/** Query keys (prefixes) of the citizen's health pages. */
export const healthKeys = {
  code: ['health', 'code'] as const,
  facts: ['health', 'facts'] as const,
  corrections: ['health', 'corrections'] as const,
  scans: ['health', 'scans'] as const,
  applications: ['health', 'venue-applications'] as const,
  scan: (placeToken: string) => ['health', 'scan', placeToken] as const,
};

/** My code as shown, with how far the device's clock is from the server's (for the live clock). */
export type ShownCode = MyCode & { offsetMs: number };

/** My code, its reasons and a freshly signed QR token (each read signs a new one). */
export function myCodeQuery() {
  return queryOptions({
    queryKey: healthKeys.code,
    queryFn: async ({ signal }): Promise<ShownCode> => {
      const code = await api.get<MyCode>('/api/health/code', { signal });
      return { ...code, offsetMs: Date.parse(code.serverTime) - Date.now() };
    },
  });
}

/** The records behind my code that I may dispute. */
export function factsQuery() {
  return queryOptions({ queryKey: healthKeys.facts, queryFn: ({ signal }) => api.get<DisputableFact[]>('/api/health/facts', { signal }) });
}

/** My correction requests and their outcomes. */
export function myCorrectionsQuery() {
  return queryOptions({ queryKey: healthKeys.corrections, queryFn: ({ signal }) => api.get<Correction[]>('/api/health/corrections', { signal }) });
}

/** My venue visits of the last `days` days. */
export function myScansQuery(days: number) {
  return queryOptions({ queryKey: [...healthKeys.scans, days], queryFn: ({ signal }) => api.get<MyScan[]>(`/api/scans/mine?days=${days}`, { signal }) });
}

/** The venues I registered and their review state. */
export function myApplicationsQuery() {
  return queryOptions({ queryKey: healthKeys.applications, queryFn: ({ signal }) => api.get<Venue[]>('/api/venues/applications', { signal }) });
}

/**
 * The entry page of one place-code scan. Opening the page records the visit, so the scan is sent once
 * per token while the app is open: never again on focus or remount, never retried, and not cancelled
 * when the page unmounts (no abort signal), since a visit once sent may already be recorded.
 */
export function scanQuery(placeToken: string) {
  return queryOptions({
    queryKey: healthKeys.scan(placeToken),
    queryFn: async () => api.post<EntryPage>('/api/scans', { placeToken, ...(await knownPosition()) }),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/** The position, only when the citizen already allowed it: asking here would slow every entry. */
async function knownPosition(): Promise<{ latitude: number; longitude: number } | undefined> {
  try {
    const permission = await navigator.permissions?.query({ name: 'geolocation' });
    if (permission?.state !== 'granted') return undefined;
    return await new Promise((resolve) =>
      navigator.geolocation.getCurrentPosition(
        (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
        () => resolve(undefined),
        { timeout: 2_000, maximumAge: 60_000 },
      ),
    );
  } catch {
    return undefined;
  }
}

/** Changes the citizen makes. */
export const myHealthApi = {
  declare: (input: HealthDeclarationInput) => api.post<unknown>('/api/health/declarations', input),
  declareTrips: (input: TripDeclarationInput) => api.post<unknown>('/api/health/trips', input),
  requestCorrection: (input: { factType: string; factId: string; reason: string }) => api.post<Correction>('/api/health/corrections', input),
};
