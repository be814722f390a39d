/**
 * A deterministic synthetic city (Deyang, 德阳市) for benchmarks and demos: N citizens with valid
 * GB 11643 ID numbers over Deyang's counties, households, a realistic age and sex mix; venues by type;
 * venue scans with a diurnal pattern over the last 14 days; a health declaration each. Personal fields
 * go through the application's own FieldCipher and BlindIndex, and rows are written with the
 * project's bulk insert (one array parameter per column), so the data is what the app would store.
 * Same seed and size, same city.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../apps/server/src/platform/http/context.ts';

/** Deyang's county-level divisions and their share of the population. */
export const DEYANG_COUNTIES: { code: string; name: string; share: number }[] = [
  { code: '510603', name: '旌阳区', share: 0.3 },
  { code: '510604', name: '罗江区', share: 0.07 },
  { code: '510623', name: '中江县', share: 0.25 },
  { code: '510681', name: '广汉市', share: 0.17 },
  { code: '510682', name: '什邡市', share: 0.1 },
  { code: '510683', name: '绵竹市', share: 0.11 },
];

const VENUE_TYPES = ['supermarket', 'restaurant', 'office', 'school', 'hospital', 'transport', 'hotel', 'other'];
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红'];
/** Scans per hour of the day (China time): morning and evening peaks, quiet nights. */
const DIURNAL = [1, 0, 0, 0, 0, 1, 3, 8, 10, 7, 6, 8, 10, 7, 5, 5, 6, 8, 10, 9, 7, 5, 3, 2];

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(rand: () => number, items: T[], weight: (t: T) => number): T {
  const total = items.reduce((s, t) => s + weight(t), 0);
  let x = rand() * total;
  for (const t of items) if ((x -= weight(t)) < 0) return t;
  return items[items.length - 1];
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A GB 11643 resident ID: division, birth date, sequence (odd for men), check character. */
export function idNumberOf(division: string, birth: string, seq: number, male: boolean): string {
  const s = (seq * 2 + (male ? 1 : 0)) % 1000;
  const body = `${division}${birth.replace(/-/g, '')}${String(s).padStart(3, '0')}`;
  const sum = [...body].reduce((acc, d, k) => acc + Number(d) * WEIGHTS[k], 0);
  return body + '10X98765432'[sum % 11];
}

function uuidOf(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface CityOptions {
  people: number;
  seed?: number;
  /** Scans per person over the window (average). */
  scansPerPerson?: number;
  days?: number;
}

export interface City {
  people: number;
  venues: number;
  scans: number;
  byCounty: Record<string, number>;
}

/** Loads the city into the app's database (a fresh one). */
export async function loadCity(ctx: AppContext, options: CityOptions): Promise<City> {
  const { bulkInsert } = await import('../apps/server/src/platform/db/bulk-insert.ts');
  const { citizens } = await import('../apps/server/src/platform/identity/identity.tables.ts');
  const { venues, scans } = await import('../apps/server/src/modules/venues/venues.tables.ts');
  const rand = prng(options.seed ?? 2020);
  const days = options.days ?? 14;
  const scansPerPerson = options.scansPerPerson ?? 12;
  const now = Date.now();
  const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
  const byCounty: Record<string, number> = {};

  // Venues: one per 50 people, by county share, of every type.
  const venueRows: (typeof venues.$inferInsert)[] = [];
  const venuesByCounty = new Map<string, string[]>();
  const registrar = uuidOf(rand);
  for (let i = 0; i < Math.max(6, Math.round(options.people / 50)); i++) {
    const county = i < DEYANG_COUNTIES.length ? DEYANG_COUNTIES[i] : weighted(rand, DEYANG_COUNTIES, (c) => c.share);
    const id = uuidOf(rand);
    venueRows.push({
      id,
      name: `${county.name}${VENUE_TYPES[i % VENUE_TYPES.length]}${i}`,
      type: VENUE_TYPES[i % VENUE_TYPES.length],
      address: `${county.name}某路${i}号`,
      divisionCode: county.code,
      latitude: 31.13 + rand() * 0.3,
      longitude: 104.39 + rand() * 0.3,
      stayMinutes: 30,
      contactNameCipher: ctx.cipher.encrypt('联系人')!,
      contactPhoneCipher: ctx.cipher.encrypt('13800000000')!,
      status: 'approved',
      codeSecretCipher: ctx.cipher.encrypt(uuidOf(rand))!,
      registeredByType: 'staff',
      registeredById: registrar,
    });
    if (!venuesByCounty.has(county.code)) venuesByCounty.set(county.code, []);
    venuesByCounty.get(county.code)!.push(id);
  }
  for (let i = 0; i < venueRows.length; i += 1000) await bulkInsert(ctx.db, venues, venueRows.slice(i, i + 1000));
  const venueDivision = new Map(venueRows.map((v) => [v.id!, v.divisionCode]));
  const allVenues = venueRows.map((v) => v.id!);

  let scanCount = 0;
  const usedIds = new Set<string>();
  const CHUNK = 2000;
  for (let start = 0; start < options.people; start += CHUNK) {
    const people: (typeof citizens.$inferInsert)[] = [];
    const scanRows: (typeof scans.$inferInsert)[] = [];
    const declarations: { id: string; citizenId: string; division: string; health: string }[] = [];
    for (let i = start; i < Math.min(options.people, start + CHUNK); i++) {
      const county = weighted(rand, DEYANG_COUNTIES, (c) => c.share);
      byCounty[county.code] = (byCounty[county.code] ?? 0) + 1;
      const male = rand() < 0.51;
      // Age 0–90, fewer of the very old.
      const age = Math.floor(Math.min(rand(), rand() * 1.3) * 90);
      const birthYear = new Date(now).getUTCFullYear() - age;
      // The sequence has three digits: on a clash (same county and birthday), the next day.
      let birthDay = Date.UTC(birthYear, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28));
      let birth = new Date(birthDay).toISOString().slice(0, 10);
      let idNumber = idNumberOf(county.code, birth, i, male);
      while (usedIds.has(idNumber)) {
        birthDay -= 86_400_000;
        birth = new Date(birthDay).toISOString().slice(0, 10);
        idNumber = idNumberOf(county.code, birth, i, male);
      }
      usedIds.add(idNumber);
      const phone = `139${String(10_000_000 + i).slice(-8)}`;
      const id = uuidOf(rand);
      people.push({
        id,
        phoneCipher: ctx.cipher.encrypt(phone)!,
        phoneIndex: ctx.blindIndex.of('phone', phone),
        nameCipher: ctx.cipher.encrypt(SURNAMES[Math.floor(rand() * SURNAMES.length)] + GIVEN[Math.floor(rand() * GIVEN.length)] + (rand() < 0.6 ? GIVEN[Math.floor(rand() * GIVEN.length)] : ''))!,
        documentType: 'resident_id',
        documentNumberCipher: ctx.cipher.encrypt(idNumber)!,
        documentIndex: ctx.blindIndex.of('id', idNumber),
        birthDate: birth,
        sex: male ? 'male' : 'female',
        nationality: 'CHN',
        householdDivision: county.code,
        realNameAt: new Date(now - 30 * 86_400_000),
      });
      const n = Math.floor(rand() * scansPerPerson * 2);
      for (let k = 0; k < n; k++) {
        const local = rand() < 0.8 ? (venuesByCounty.get(county.code) ?? allVenues) : allVenues;
        const venueId = local[Math.floor(rand() * local.length)];
        const day = Math.floor(rand() * days);
        const hour = weighted(rand, DIURNAL.map((w, h) => ({ w, h })), (x) => x.w).h;
        const at = new Date(now - day * 86_400_000 - ((now / 3600_000) % 24) * 3600_000 + (hour - 8) * 3600_000 + Math.floor(rand() * 3600_000));
        if (at.getTime() > now) continue;
        const proven = rand() < 0.7;
        scanRows.push({ venueId, id: uuidOf(rand), scannedAt: at, citizenId: id, divisionCode: venueDivision.get(venueId)!, method: proven ? 'citizen_scan_dynamic' : 'citizen_scan_static', colour: 'green', decision: 'pass', presenceProven: proven, staffId: null });
      }
      const { sealHealthFields } = await import('../apps/server/src/modules/health-code/health-code.declarations.ts');
      declarations.push({ id: uuidOf(rand), citizenId: id, division: county.code, health: sealHealthFields(ctx.cipher, { temperature: 36.3 + Math.round(rand() * 6) / 10, symptoms: [], contactWithCase: false, underlyingIllness: null }) });
    }
    await bulkInsert(ctx.db, citizens, people);
    for (let i = 0; i < scanRows.length; i += 5000) await bulkInsert(ctx.db, scans, scanRows.slice(i, i + 5000));
    scanCount += scanRows.length;
    const { hcDeclarations } = await import('../apps/server/src/modules/health-code/health-code.tables.ts');
    await bulkInsert(
      ctx.db,
      hcDeclarations,
      declarations.map((d) => ({ id: d.id, citizenId: d.citizenId, kind: 'health', declaredOn: today, residenceDivision: d.division, healthCipher: d.health })),
    );
  }
  await ctx.db.execute(sql`analyze`);
  return { people: options.people, venues: venueRows.length, scans: scanCount, byCounty };
}
