import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { defineSeedStep } from '../../platform/seed/index.ts';
import { venues } from './venues.tables.ts';

/** Demo data: one approved venue in 旌阳区 with the demo venue-staff account as its manager. */

export const DEMO_VENUE_NAME = '德阳市民中心';

export const DemoVenueSeed = defineSeedStep({
  name: 'venues.demo-venue',
  order: 50,
  async run(seed) {
    const { ctx, tx } = seed;
    const decidedBy = seed.staff.get('county') ?? null;
    const [venue] = await tx
      .insert(venues)
      .values({
        name: DEMO_VENUE_NAME,
        type: 'government',
        address: '四川省德阳市旌阳区长江西路二段1号',
        divisionCode: '510603',
        latitude: 31.1269,
        longitude: 104.3979,
        stayMinutes: 60,
        contactNameCipher: ctx.cipher.encrypt('李明'),
        contactPhoneCipher: ctx.cipher.encrypt('13800000002'),
        status: 'approved',
        codeSecretCipher: ctx.cipher.encrypt(randomBytes(32).toString('base64')),
        registeredByType: 'staff',
        registeredById: decidedBy ?? seed.staff.get('admin')!,
        decidedBy,
        decidedAt: new Date(),
        decisionNote: '演示场所',
      })
      .returning({ id: venues.id });
    // The identity step at order 100 creates the demo venue-staff account bound to this venue.
    seed.facts.set('venues.demoVenueId', venue.id);
  },
});

export const DemoVenueManagerSeed = defineSeedStep({
  name: 'venues.demo-manager',
  order: 110,
  async run(seed) {
    const venueId = seed.facts.get('venues.demoVenueId') as string | undefined;
    const manager = seed.staff.get('venue');
    if (venueId && manager) await seed.tx.update(venues).set({ managerStaffId: manager }).where(eq(venues.id, venueId));
  },
});
