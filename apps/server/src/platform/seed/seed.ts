import { count, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../http/context.ts';
import type { Tx } from '../db/database.ts';
import { addBannerLines } from '../http/banner.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { StaffRole } from '../access/principal.ts';
import { citizens, staffAccounts } from '../identity/identity.tables.ts';
import { hashPassword } from '../identity/passwords.ts';
import { checkCharacterOf } from '../identity/documents.ts';

/** The password of every demo staff account (printed in the banner; demo deployments only). */
export const DEMO_PASSWORD = 'Fangxian@2026';
/** The demo citizen's phone; sign in with a code from the SMS outbox. */
export const DEMO_CITIZEN_PHONE = '13800000001';

/** What a seed step sees: the one transaction of the whole seed, and what earlier steps created. */
export interface SeedRun {
  ctx: AppContext;
  tx: Tx;
  /** Staff account ids by username (filled by the core step). */
  staff: Map<string, string>;
  /** Values steps hand to later steps, e.g. 'venues.demoVenueId' → the demo venue's id. */
  facts: Map<string, unknown>;
}

export interface SeedStep {
  name: string;
  /** Lower runs first; the core accounts run at 0, module steps default to 50, the venue account at 100. */
  order?: number;
  run(seed: SeedRun): Promise<void>;
}

const steps: SeedStep[] = [];

/** Lets a module add demo data (e.g. the demo venue); runs inside the seed's one transaction. */
export function addSeedStep(step: SeedStep): void {
  if (steps.some((s) => s.name === step.name)) throw new Error(`seed step ${step.name} added twice`);
  steps.push(step);
}

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

async function insertStaff(seed: SeedRun, account: (typeof DEMO_STAFF)[number], venueId: string | null): Promise<void> {
  const [row] = await seed.tx
    .insert(staffAccounts)
    .values({ ...account, passwordHash: await hashPassword(DEMO_PASSWORD), venueId, passwordChangedAt: new Date() })
    .returning({ id: staffAccounts.id });
  seed.staff.set(account.username, row.id);
}

addSeedStep({
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

addSeedStep({
  name: 'identity.venue-staff',
  order: 100,
  async run(seed) {
    // The venues module's seed step leaves the demo venue's id here; without it the account waits for a venue.
    const venueId = (seed.facts.get('venues.demoVenueId') as string | undefined) ?? null;
    if (venueId) await insertStaff(seed, DEMO_VENUE_STAFF, venueId);
  },
});

const SEED_LOCK = 4_212_021; // advisory lock: two instances starting together seed once

/**
 * Seeds the demo data when the database has no staff account yet (first start). Every step runs in
 * one transaction, so a failed seed leaves nothing behind and the next start tries again.
 */
export async function runDemoSeed(ctx: AppContext): Promise<{ seeded: boolean; steps: string[] }> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [{ n }] = await tx.select({ n: count() }).from(staffAccounts);
    if (n > 0) return { seeded: false, steps: [] };
    const seed: SeedRun = { ctx, tx, staff: new Map(), facts: new Map() };
    const ordered = [...steps].sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
    for (const step of ordered) await step.run(seed);
    await appendAudit(tx, { actor: { kind: 'system', id: 'seed' }, action: 'system.seed_demo', detail: { steps: ordered.map((s) => s.name) } });
    return { seeded: true, steps: ordered.map((s) => s.name) };
  });
}

/** True when the demo accounts are present (the banner lists them only then). */
async function demoAccountsPresent(ctx: AppContext): Promise<boolean> {
  const [row] = await ctx.db.select({ id: staffAccounts.id }).from(staffAccounts).where(eq(staffAccounts.username, 'admin'));
  return Boolean(row);
}

addBannerLines(async (app, config) => {
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
});
