import { eq } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { App, AppContext } from '../http/context.ts';
import type { StaffRole } from '../access/principal.ts';
import { defineSeedStep, type SeedRun } from '../seed/seed.ts';
import { citizens, staffAccounts, staffCommitments } from './identity.tables.ts';
import { COMMITMENT, commitmentTextHash } from './commitment.ts';
import { hashPassword } from './passwords.ts';
import { checkCharacterOf } from './documents.ts';

// Identity's demo data (the staff accounts of every role and one real-named citizen) and its banner lines,
// listed in the identity manifest (platform/identity/index.ts).

/** The password of every demo staff account (printed in the banner; demo deployments only). */
export const DEMO_PASSWORD = 'Fangxian@2026';
/** The demo citizen's phone; sign in with a code from the SMS outbox. */
export const DEMO_CITIZEN_PHONE = '13800000001';

/** The demo staff accounts (agreed with the web and e2e tests). */
export const DEMO_STAFF: { username: string; displayName: string; department: string; roles: StaffRole[]; regionCode: string }[] = [
  { username: 'admin', displayName: '系统管理员', department: '德阳市大数据局', roles: ['sys_admin'], regionCode: '510600' },
  { username: 'health', displayName: '卫健委值班员', department: '德阳市卫生健康委员会', roles: ['health'], regionCode: '510600' },
  { username: 'county', displayName: '旌阳区指挥部', department: '旌阳区疫情防控指挥部', roles: ['county_command'], regionCode: '510603' },
  { username: 'police', displayName: '公安值班员', department: '德阳市公安局', roles: ['police'], regionCode: '510600' },
  { username: 'bigdata', displayName: '大数据局专员', department: '德阳市大数据中心', roles: ['big_data'], regionCode: '510600' },
  { username: 'supervision', displayName: '督查室专员', department: '德阳市委督查室', roles: ['supervision'], regionCode: '510600' },
  { username: 'service', displayName: '政务服务中心窗口', department: '德阳市政务服务中心', roles: ['service_center'], regionCode: '510600' },
  { username: 'editor', displayName: '宣传编辑', department: '德阳市委宣传部', roles: ['editor'], regionCode: '510600' },
];
/** The demo venue account, created once the venues module has seeded the demo venue. */
export const DEMO_VENUE_STAFF = { username: 'venue', displayName: '场所工作人员', department: '德阳市民中心', roles: ['venue_staff'] as StaffRole[], regionCode: '510603' };

/** A valid resident ID for the demo citizen (旌阳区, born 1990-03-07, male), built rather than hard-coded. */
export function demoIdNumber(): string {
  const first17 = '510603' + '19900307' + '123';
  return first17 + checkCharacterOf(first17);
}

// The demo accounts are seeded as having signed the current confidentiality commitment (a signature
// row each), so the shared demo and e2e accounts go straight to work; every account created later
// signs it at its first sign-in, and these too when the version changes or a year has passed.
async function insertStaff(seed: SeedRun, account: (typeof DEMO_STAFF)[number], venueId: string | null): Promise<void> {
  const now = new Date();
  const [row] = await seed.tx
    .insert(staffAccounts)
    .values({ ...account, passwordHash: await hashPassword(DEMO_PASSWORD), venueId, passwordChangedAt: now, commitmentVersion: COMMITMENT.version, commitmentSignedAt: now })
    .returning({ id: staffAccounts.id });
  await seed.tx.insert(staffCommitments).values({ staffId: row.id, version: COMMITMENT.version, textHash: commitmentTextHash(), signedAt: now, ip: null });
  seed.staff.set(account.username, row.id);
}

/** The demo staff accounts and the demo citizen (first in the seed). */
export const DemoAccountsSeed = defineSeedStep({
  name: 'identity.accounts',
  order: 0,
  async run(seed) {
    for (const account of DEMO_STAFF) await insertStaff(seed, account, null);
    const { ctx, tx } = seed;
    await tx.insert(citizens).values({
      phoneCipher: ctx.cipher.encrypt(DEMO_CITIZEN_PHONE),
      phoneIndex: ctx.blindIndex.of('phone', DEMO_CITIZEN_PHONE),
      nameCipher: ctx.cipher.encrypt('张伟'),
      documentType: 'resident_id',
      documentNumberCipher: ctx.cipher.encrypt(demoIdNumber()),
      documentIndex: ctx.blindIndex.of('id', demoIdNumber()),
      birthDate: '1990-03-07',
      sex: 'male',
      nationality: 'CHN',
      householdDivision: '510603',
      addressCipher: ctx.cipher.encrypt('四川省德阳市旌阳区长江东路1号'),
      realNameAt: new Date(),
    });
  },
});

/** The demo venue-staff account, bound to the venue a venues step left in `facts` (if any). */
export const DemoVenueStaffSeed = defineSeedStep({
  name: 'identity.venue-staff',
  order: 100,
  async run(seed) {
    // The venues module's seed step leaves the demo venue's id here; without it the account waits for a venue.
    const venueId = (seed.facts.get('venues.demoVenueId') as string | undefined) ?? null;
    if (venueId) await insertStaff(seed, DEMO_VENUE_STAFF, venueId);
  },
});

/** True when the demo accounts are present (the banner lists them only then). */
async function demoAccountsPresent(ctx: AppContext): Promise<boolean> {
  const [row] = await ctx.db.select({ id: staffAccounts.id }).from(staffAccounts).where(eq(staffAccounts.username, 'admin'));
  return Boolean(row);
}

/** The banner's demo accounts (when seeded) and SMS outbox lines. */
export async function identityBanner(app: App, config: Config): Promise<string[]> {
  const lines: string[] = [];
  if (config.seedDemo && (await demoAccountsPresent(app.ctx))) {
    const venue = await app.ctx.db.select({ id: staffAccounts.id }).from(staffAccounts).where(eq(staffAccounts.username, DEMO_VENUE_STAFF.username));
    const names = [...DEMO_STAFF.map((s) => s.username), ...(venue.length ? [DEMO_VENUE_STAFF.username] : [])];
    lines.push(
      '',
      `  演示账号 Demo staff accounts (password ${DEMO_PASSWORD}):`,
      `    ${names.join(' / ')}`,
      `  演示市民 Demo citizen: phone ${DEMO_CITIZEN_PHONE} — sign in with the code from the SMS outbox`,
    );
  }
  if (config.env !== 'production') {
    lines.push(`  短信 SMS: built-in outbox (no gateway) — console › 短信发件箱, or GET /api/admin/sms-outbox as admin`);
  }
  return lines;
}
