import { eq } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import { DEMO_CITIZEN_PHONE } from '../../platform/identity/index.ts';
import { citizens } from '../../platform/identity/identity.tables.ts';
import { defineSeedStep } from '../../platform/seed/index.ts';
import { creditCodeCheckChar } from './checkin.rules.ts';
import { checkinMembers, checkinOrgs } from './checkin.tables.ts';

/** Demo data: one approved school in 旌阳区 whose administrator is the demo citizen (after identity's accounts). */
export const DEMO_ORG_NAME = '德阳市旌阳区演示中学';

export const DemoOrgSeed = defineSeedStep({
  name: 'checkin.demo-org',
  order: 120,
  async run(seed) {
    const { ctx, tx } = seed;
    const [citizen] = await tx.select({ id: citizens.id }).from(citizens).where(eq(citizens.phoneIndex, ctx.blindIndex.of('phone', DEMO_CITIZEN_PHONE))).limit(1);
    if (!citizen) return;
    const first17 = '12510603MB0000001';
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const [org] = await tx
      .insert(checkinOrgs)
      .values({
        name: DEMO_ORG_NAME,
        type: 'school',
        creditCode: first17 + creditCodeCheckChar(first17),
        divisionCode: '510603',
        address: '四川省德阳市旌阳区泰山北路一段1号',
        status: 'approved',
        inviteCode: Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]).join(''),
        createdBy: citizen.id,
        decidedBy: seed.staff.get('county') ?? null,
        decidedAt: new Date(),
        decisionNote: '演示单位',
      })
      .returning({ id: checkinOrgs.id });
    await tx.insert(checkinMembers).values({ orgId: org.id, citizenId: citizen.id, role: 'admin', status: 'active', joinedVia: 'register', consentAt: new Date() });
  },
});
