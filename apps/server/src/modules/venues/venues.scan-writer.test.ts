import { describe, expect, it } from 'vitest';
import type { Tx } from '../../platform/db/database.ts';
import type { NewScan } from './venues.repository.ts';
import { ScanWriter } from './venues.scan-writer.ts';

function scan(citizenId: string): NewScan {
  return { id: citizenId, venueId: 'v', scannedAt: new Date(0), citizenId, divisionCode: '510603', method: 'citizen_scan_static', colour: 'green', presenceProven: false, staffId: null, distanceMeters: null };
}

/** A stand-in for group commit that records what each write inserted (a fake tx captures the rows). */
function fakeWrites(fail: (rows: NewScan[]) => boolean) {
  const committed: string[][] = [];
  return {
    committed,
    async submit<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      const rows: NewScan[] = [];
      const tx = { insert: () => ({ values: async (v: NewScan[] | NewScan) => void rows.push(...(Array.isArray(v) ? v : [v])) }) } as unknown as Tx;
      const result = await work(tx);
      const scans = rows.filter((r) => 'scannedAt' in r);
      if (fail(scans)) throw new Error('constraint violated');
      committed.push(scans.map((r) => r.citizenId));
      return result;
    },
  };
}

describe('ScanWriter', () => {
  it('gathers the scans of one event-loop turn into one write and settles each after it', async () => {
    const writes = fakeWrites(() => false);
    const writer = new ScanWriter(writes);
    const settled = await Promise.all(['a', 'b', 'c'].map((c) => writer.write(scan(c)).then(() => c)));
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(writes.committed).toEqual([['a', 'b', 'c']]);
    expect(writer.stats).toEqual({ writes: 1, rows: 3, splits: 0 });
    await writer.write(scan('d'));
    expect(writes.committed).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('never resolves before the write commits, and splits a failed shared write so only the bad row fails', async () => {
    const writes = fakeWrites((rows) => rows.some((r) => r.citizenId === 'bad'));
    const writer = new ScanWriter(writes);
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((c) => writer.write(scan(c))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(writes.committed).toEqual([['a'], ['c']]);
    expect(writer.stats.splits).toBe(1);
  });

  it('flushes at the batch limit without waiting for the turn to end', async () => {
    const writes = fakeWrites(() => false);
    const writer = new ScanWriter(writes, 2);
    const all = Promise.all(['a', 'b', 'c'].map((c) => writer.write(scan(c))));
    expect(writer.waiting).toBe(1); // a and b already handed over
    await all;
    expect(writes.committed).toEqual([['a', 'b'], ['c']]);
  });
});
