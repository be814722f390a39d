import { describe, expect, it } from 'vitest';
import { buildChain } from './tracing.chains.ts';

const labels = { caseLabel: (id: string) => `病例${id}`, contactLabel: (id: string) => `密接${id}`, venueName: () => null };
type CaseInput = Parameters<typeof buildChain>[0][number];
type ContactInput = Parameters<typeof buildChain>[1][number];
const aCase = { id: 'c1', status: 'confirmed', publicNumber: 1, clusterId: null, reportDate: '2026-12-07', sourceContactId: null } as CaseInput;
const contact = (id: string, decidedAt: Date) => ({ id, caseId: 'c1', level: 'close', venueId: null, overlapMinutes: 30, lastExposureAt: null, reason: '同场所', decidedAt }) as ContactInput;

describe('buildChain', () => {
  it('dates a contact node by the China day of its decision, also in the first eight hours of that day', () => {
    const graph = buildChain([aCase], [
      contact('k-before', new Date('2026-12-07T15:59:59.999Z')), // 23:59:59.999 China time, 7 December
      contact('k-midnight', new Date('2026-12-07T16:00:00Z')), // 00:00 China time, 8 December (still the 7th in UTC)
      contact('k-morning', new Date('2026-12-07T23:59:00Z')), // 07:59 China time, 8 December
      contact('k-utc-day', new Date('2026-12-08T00:00:00Z')), // 08:00 China time, 8 December
    ], labels);
    const day = (id: string) => graph.nodes.find((n) => n.id === `contact:${id}`)?.day;
    expect(day('k-before')).toBe('2026-12-07');
    expect(day('k-midnight')).toBe('2026-12-08');
    expect(day('k-morning')).toBe('2026-12-08');
    expect(day('k-utc-day')).toBe('2026-12-08');
    expect(graph.edges.map((e) => e.to)).toEqual(['contact:k-before', 'contact:k-midnight', 'contact:k-morning', 'contact:k-utc-day']);
  });
});
