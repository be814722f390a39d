import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, canonicalJson, chainHash, chainRun, verifyChain, type AuditContent, type ChainRow } from './audit.chain.ts';

function content(i: number): AuditContent {
  return {
    at: new Date(Date.UTC(2026, 0, 1, 8, 0, i)),
    actorType: 'staff',
    actorId: `staff-${i % 3}`,
    action: i % 2 ? 'person.read' : 'admin-staff.staff.update',
    subjectType: 'citizen',
    subjectId: `c-${i}`,
    regionCode: '510603',
    outcome: 'ok',
    detail: { fields: ['name'], n: i },
    ip: '10.0.0.1',
    requestId: `r-${i}`,
  };
}

/** A valid chain of n rows. */
function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const c = content(seq);
    const hash = chainHash(prev, seq, c);
    rows.push({ ...c, seq, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('张三')).toBe('"张三"');
    expect(canonicalJson([undefined])).toBe('[null]');
  });

  it('is independent of key order and agrees with JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          const reversed = Object.fromEntries(Object.entries(value).reverse());
          expect(canonicalJson(reversed)).toBe(text);
        }
      }),
    );
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and counts every row', () => {
    expect(verifyChain(chain(10))).toEqual({ ok: true, checked: 10 });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0 });
  });

  it('continues from a given previous hash (paged verification)', () => {
    const rows = chain(10);
    expect(verifyChain(rows.slice(5), rows[4].hash)).toEqual({ ok: true, checked: 5 });
    expect(verifyChain(rows.slice(5)).ok).toBe(false);
  });

  it('finds altered content at exactly that seq, whichever field changed', () => {
    const fields: [keyof AuditContent, unknown][] = [
      ['actorId', 'someone-else'],
      ['action', 'person.export'],
      ['subjectId', 'c-999'],
      ['outcome', 'denied'],
      ['detail', { fields: ['name'], n: 999 }],
      ['at', new Date(Date.UTC(2025, 0, 1))],
      ['regionCode', null],
    ];
    for (const [field, value] of fields) {
      const rows = chain(8);
      (rows[4] as unknown as Record<string, unknown>)[field] = value;
      expect(verifyChain(rows)).toEqual({ ok: false, checked: 4, brokenAt: { seq: 5, reason: 'hash_mismatch' } });
    }
  });

  it('detects a recomputed hash by the broken link of the next row', () => {
    const rows = chain(6);
    rows[2] = { ...rows[2], action: 'forged' };
    rows[2].hash = chainHash(rows[2].prevHash, 3, rows[2]);
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 3, brokenAt: { seq: 4, reason: 'link_mismatch' } });
  });

  it('detects a deleted row', () => {
    const rows = chain(6);
    rows.splice(3, 1);
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 3, brokenAt: { seq: 5, reason: 'link_mismatch' } });
  });

  it('detects reordered rows, and rows whose seq was swapped with their content', () => {
    const rows = chain(6);
    [rows[1], rows[2]] = [rows[2], rows[1]];
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: { seq: 3, reason: 'link_mismatch' } });
    const swapped = chain(6);
    const a = swapped[1];
    const b = swapped[2];
    swapped[1] = { ...b, seq: 2 };
    swapped[2] = { ...a, seq: 3 };
    expect(verifyChain(swapped)).toMatchObject({ ok: false, brokenAt: { seq: 2 } });
  });

  it('makes every single-row change detectable (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.string({ minLength: 1 }), (index, suffix) => {
        const rows = chain(10);
        rows[index] = { ...rows[index], actorId: rows[index].actorId + suffix };
        const verdict = verifyChain(rows);
        expect(verdict.ok).toBe(false);
        expect(verdict.brokenAt?.seq).toBe(index + 1);
      }),
    );
  });
});

describe('chainRun (records appended together)', () => {
  it('links a run exactly as appending the records one by one, from the genesis or mid-chain (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 12 }), (before, n) => {
        const oneByOne = chain(before + n);
        const prefix = oneByOne.slice(0, before);
        const prev = before > 0 ? prefix[before - 1].hash : GENESIS_HASH;
        const contents = oneByOne.slice(before).map(({ seq: _seq, prevHash: _p, hash: _h, ...c }) => c as AuditContent);
        const run = chainRun(prev, before + 1, contents);
        const together: ChainRow[] = [...prefix, ...contents.map((c, i) => ({ ...c, ...run[i] }))];
        expect(together).toEqual(oneByOne);
        expect(verifyChain(together)).toEqual(verifyChain(oneByOne));
        expect(verifyChain(together)).toEqual({ ok: true, checked: before + n });
      }),
    );
  });

  it('answers nothing for no records, and a tampered record in a run breaks at its seq', () => {
    expect(chainRun(GENESIS_HASH, 1, [])).toEqual([]);
    const contents = [content(1), content(2), content(3)];
    const rows: ChainRow[] = chainRun(GENESIS_HASH, 1, contents).map((link, i) => ({ ...contents[i], ...link }));
    rows[1] = { ...rows[1], subjectId: 'c-forged' };
    expect(verifyChain(rows)).toEqual({ ok: false, checked: 1, brokenAt: { seq: 2, reason: 'hash_mismatch' } });
  });
});
