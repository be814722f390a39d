import { describe, expect, it } from 'vitest';
import { checkItemContent, composeBundle } from '@fangxian/contracts/govservice';
import { DEMO_BUNDLES, DEMO_ITEMS } from './govservice.catalogue.ts';

describe('the demo catalogue', () => {
  it('every demo bundle composes from the demo items without conflicts into valid content', () => {
    for (const b of DEMO_BUNDLES) {
      const sources = b.spec.items.map((code) => ({ code, versionId: code, version: 1, content: DEMO_ITEMS.find((i) => i.code === code)!.content }));
      const r = composeBundle(b.spec, sources);
      expect(r.conflicts).toEqual([]);
      expect(checkItemContent(r.content!)).toEqual([]);
    }
  });
});
