import { eq } from 'drizzle-orm';
import { COMMITMENT, commitmentTextHash, DEMO_PASSWORD, hashPassword } from '../../platform/identity/index.ts';
import { staffAccounts, staffCommitments } from '../../platform/identity/identity.tables.ts';
import { defineSeedStep } from '../../platform/seed/index.ts';
import { composeBundle } from '@fangxian/contracts/govservice';
import { DEMO_BUNDLES, DEMO_ITEMS, FIRE, MARKET } from './govservice.catalogue.ts';
import { gsItems, gsItemVersions } from './govservice.tables.ts';

/** Demo reviewers of two departments (their windows in the service centre), for one-window review. */
export const DEMO_DEPARTMENT_STAFF = [
  { username: 'market', displayName: '市场监管局窗口', department: MARKET, roles: ['service_center' as const], regionCode: '510600' },
  { username: 'fire', displayName: '消防救援支队窗口', department: FIRE, roles: ['service_center' as const], regionCode: '510600' },
];

/** The demo catalogue, published as version 1 (items, then the 一件事一次办 bundles composed from them), and the two department accounts. */
export const DemoCatalogueSeed = defineSeedStep({
  name: 'govservice.catalogue',
  order: 60,
  async run(seed) {
    const { tx } = seed;
    const now = new Date();
    for (const account of DEMO_DEPARTMENT_STAFF) {
      // Seeded as having signed the confidentiality commitment, like identity's demo accounts (the e2e journeys sign them in).
      const [row] = await tx.insert(staffAccounts)
        .values({ ...account, roles: [...account.roles], passwordHash: await hashPassword(DEMO_PASSWORD), passwordChangedAt: now, commitmentVersion: COMMITMENT.version, commitmentSignedAt: now })
        .returning({ id: staffAccounts.id });
      await tx.insert(staffCommitments).values({ staffId: row.id, version: COMMITMENT.version, textHash: commitmentTextHash(), signedAt: now, ip: null });
      seed.staff.set(account.username, row.id);
    }
    const versions = new Map<string, string>();
    for (const d of DEMO_ITEMS) {
      const [item] = await tx.insert(gsItems).values({ code: d.code, regionCode: '510600', name: d.content.name, department: d.content.department, createdAt: now, updatedAt: now }).returning({ id: gsItems.id });
      const [v] = await tx.insert(gsItemVersions).values({ itemId: item.id, version: 1, status: 'published', content: d.content, createdAt: now, publishedAt: now }).returning({ id: gsItemVersions.id });
      await tx.update(gsItems).set({ publishedVersionId: v.id }).where(eq(gsItems.id, item.id));
      versions.set(d.code, v.id);
    }
    for (const b of DEMO_BUNDLES) {
      const sources = b.spec.items.map((code) => ({ code, versionId: versions.get(code)!, version: 1, content: DEMO_ITEMS.find((i) => i.code === code)!.content }));
      const { content } = composeBundle(b.spec, sources);
      if (!content) throw new Error(`demo bundle ${b.code} does not compose`);
      const [item] = await tx.insert(gsItems).values({ code: b.code, kind: 'bundle', regionCode: '510600', name: content.name, department: content.department, createdAt: now, updatedAt: now }).returning({ id: gsItems.id });
      const [v] = await tx.insert(gsItemVersions).values({ itemId: item.id, version: 1, status: 'published', content, createdAt: now, publishedAt: now }).returning({ id: gsItemVersions.id });
      await tx.update(gsItems).set({ publishedVersionId: v.id }).where(eq(gsItems.id, item.id));
    }
  },
});
