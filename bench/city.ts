/**
 * The set-based synthetic city (issues 12 and 17): a deterministic Deyang (德阳市) of N citizens and
 * their venue scans, loaded at city scale (1 M people / 10 M scans) in minutes, with constant memory.
 *
 * What has personal fields is made in Node with the application's own FieldCipher and BlindIndex
 * (ctx.cipher, ctx.blindIndex: exactly the ciphertexts and blind indexes the app would have written),
 * streamed in chunks of `chunk` people and written with the project's bulk insert (one array parameter
 * per column: `INSERT … SELECT FROM unnest(…)`, a statement whose size does not grow with the rows;
 * pg-copy-streams is not a dependency, and PGlite has no COPY FROM STDIN from a client):
 *   - citizens: phone, name, ID number ciphertexts, phone and ID blind indexes; valid GB 11643 ID
 *     numbers (division of the county — GB/T 2260 codes of Deyang's six county-level divisions —,
 *     birth date from a realistic age mix, sequence odd for men, check character), households of 1–5;
 *   - venues (one per `peoplePerVenue` people, by type, by county): contact and code-secret ciphertexts;
 *   - one health declaration each (today; sealed HealthFields as the app seals them);
 *   - each citizen's stored code, green with sealed empty reasons and holds (as after a first sweep).
 *
 * What has no ciphertext is made inside the database with set-based SQL (generate_series):
 *   - scans: `scans` total over `days` days back (today up to now included), one INSERT … SELECT per
 *     day and slice, straight into that day's partition (the partitions the app expects —
 *     venues.partitions.ts — are created first); a diurnal pattern (morning, noon and evening
 *     peaks), 80 % at a venue of the citizen's own county, 70 % presence-proving (dynamic code).
 *     Randomness is md5 of (seed, day, row): the same seed and size give the same city.
 *
 * Two helper tables (bench_city_people, bench_city_venues: ordinal → id) map the generated ordinals
 * to ids for the set-based part and are dropped at the end. ANALYZE at the end.
 *
 * Memory: one chunk of rows at a time, plus a fixed bitset of used (county, birth date, sequence)
 * triples for the ID numbers' uniqueness (≈ 25 MB, independent of N).
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

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A GB 11643 resident ID: division, birth date, sequence (odd for men), check character. */
export function idNumberOf(division: string, birth: string, seq: number, male: boolean): string {
  const s = (seq * 2 + (male ? 1 : 0)) % 1000;
  const body = `${division}${birth.replace(/-/g, '')}${String(s).padStart(3, '0')}`;
  const sum = [...body].reduce((acc, d, k) => acc + Number(d) * WEIGHTS[k], 0);
  return body + '10X98765432'[sum % 11];
}


export interface CityGenOptions {
  people: number;
  /** Scans in total (default 10 per person). */
  scans?: number;
  /** Days of scans back from today (today included). */
  days?: number;
  seed?: number;
  /** People per venue (default 100: 10 000 venues for 1 M people). */
  peoplePerVenue?: number;
  /** People per streamed chunk. */
  chunk?: number;
  /** Store every citizen's code (green, as after a first sweep); default true. */
  codes?: boolean;
  log?: (...a: unknown[]) => void;
}

export interface CityReport {
  people: number;
  venues: number;
  scans: number;
  declarations: number;
  codes: number;
  byCounty: Record<string, number>;
  ms: { venues: number; citizens: number; scans: number; analyze: number; total: number };
  /** Size of the database after the load (pg_database_size), MB. */
  databaseMb: number;
}

const VENUE_TYPES: { type: string; stay: number; weight: number }[] = [
  { type: 'supermarket', stay: 30, weight: 20 },
  { type: 'restaurant', stay: 60, weight: 25 },
  { type: 'office', stay: 240, weight: 15 },
  { type: 'school', stay: 300, weight: 5 },
  { type: 'hospital', stay: 60, weight: 5 },
  { type: 'transport', stay: 30, weight: 10 },
  { type: 'hotel', stay: 480, weight: 5 },
  { type: 'other', stay: 30, weight: 15 },
];
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红'];
/** Scans per hour of the day (China time): morning, noon and evening peaks, quiet nights. */
const DIURNAL = [1, 0, 0, 0, 0, 1, 3, 8, 10, 7, 6, 8, 10, 7, 5, 5, 6, 8, 10, 9, 7, 5, 3, 2];
/** The hours expanded by weight (an hour drawn uniformly from it follows DIURNAL). */
const HOURS = DIURNAL.flatMap((w, h) => Array.from({ length: w }, () => h));

function pick<T>(rand: () => number, items: T[], weight: (t: T) => number): T {
  const total = items.reduce((s, t) => s + weight(t), 0);
  let x = rand() * total;
  for (const t of items) if ((x -= weight(t)) < 0) return t;
  return items[items.length - 1];
}

function uuidOf(rand: () => number): string {
  const a = (rand() * 2 ** 32) >>> 0;
  const b = (rand() * 2 ** 32) >>> 0;
  const c = (rand() * 2 ** 32) >>> 0;
  const d = (rand() * 2 ** 32) >>> 0;
  const hex = [a, b, c, d].map((x) => x.toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** China's calendar day of an instant, YYYY-MM-DD. */
function chinaDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The instant a China day starts. */
function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

const BIRTH_DAYS = 100 * 366;

/** Used (county, birth day, sequence) triples: a fixed bitset, so that ID numbers are unique with constant memory. */
class UsedIds {
  private readonly bits = new Uint8Array(Math.ceil((DEYANG_COUNTIES.length * BIRTH_DAYS * 1000) / 8));
  take(county: number, day: number, seq: number): boolean {
    const k = (county * BIRTH_DAYS + day) * 1000 + seq;
    const byte = k >>> 3;
    const bit = 1 << (k & 7);
    if (this.bits[byte] & bit) return false;
    this.bits[byte] |= bit;
    return true;
  }
}

/** Generates the city into the app's (freshly migrated) database. Same seed and options, same city. */
export async function generateCity(ctx: AppContext, options: CityGenOptions): Promise<CityReport> {
  const { bulkInsert } = await import('../apps/server/src/platform/db/bulk-insert.ts');
  const { rows } = await import('../apps/server/src/platform/db/database.ts');
  const { citizens } = await import('../apps/server/src/platform/identity/identity.tables.ts');
  const { venues } = await import('../apps/server/src/modules/venues/venues.tables.ts');
  const { ensureScanPartitions } = await import('../apps/server/src/modules/venues/venues.partitions.ts');
  const { hcDeclarations, healthCodes } = await import('../apps/server/src/modules/health-code/health-code.tables.ts');
  const { sealHealthFields } = await import('../apps/server/src/modules/health-code/health-code.declarations.ts');
  const { sealedCodeColumns } = await import('../apps/server/src/modules/health-code/health-code.reasons.ts');
  const log = options.log ?? (() => {});
  const people = options.people;
  const days = options.days ?? 14;
  const totalScans = options.scans ?? people * 10;
  const seed = options.seed ?? 2020;
  const chunk = options.chunk ?? 10_000;
  const rand = prng(seed);
  const now = Date.now();
  const today = chinaDay(now);
  const t0 = performance.now();
  const db = ctx.db;

  // The partitions the app expects ahead of today (the partition job's window); the days of the
  // window are loaded as plain tables and attached as partitions (generateScans).
  await ensureScanPartitions(db, Array.from({ length: 8 }, (_, i) => chinaDay(now + (i + 1) * 86_400_000)));

  await db.execute(sql`drop table if exists bench_city_people`);
  await db.execute(sql`drop table if exists bench_city_venues`);
  await db.execute(sql`create table bench_city_people (n int primary key, id uuid not null, county int not null)`);
  await db.execute(sql`create table bench_city_venues (n int primary key, county int not null, k int not null, id uuid not null, division text not null, unique (county, k))`);

  // ---- venues: by county share, by type; the k-th venue of its county is (county, k) ----
  let t = performance.now();
  const venueCount = Math.max(DEYANG_COUNTIES.length, Math.round(people / (options.peoplePerVenue ?? 100)));
  const perCounty = DEYANG_COUNTIES.map(() => 0);
  const registrar = uuidOf(rand);
  for (let start = 0; start < venueCount; start += 2000) {
    const rowsOf: (typeof venues.$inferInsert)[] = [];
    const map: { n: number; county: number; k: number; id: string; division: string }[] = [];
    for (let i = start; i < Math.min(venueCount, start + 2000); i++) {
      const c = i < DEYANG_COUNTIES.length ? i : DEYANG_COUNTIES.indexOf(pick(rand, DEYANG_COUNTIES, (x) => x.share));
      const county = DEYANG_COUNTIES[c];
      const type = pick(rand, VENUE_TYPES, (x) => x.weight);
      const id = uuidOf(rand);
      rowsOf.push({
        id,
        name: `${county.name}${type.type}${i}`,
        type: type.type,
        address: `${county.name}某路${i}号`,
        divisionCode: county.code,
        latitude: 31.13 + rand() * 0.3,
        longitude: 104.39 + rand() * 0.3,
        stayMinutes: type.stay,
        contactNameCipher: ctx.cipher.encrypt(SURNAMES[i % SURNAMES.length] + '经理'),
        contactPhoneCipher: ctx.cipher.encrypt(`138${String(10_000_000 + i).slice(-8)}`),
        status: 'approved',
        codeSecretCipher: ctx.cipher.encrypt(uuidOf(rand)),
        registeredByType: 'staff',
        registeredById: registrar,
      });
      map.push({ n: i, county: c, k: perCounty[c]++, id, division: county.code });
    }
    await bulkInsert(db, venues, rowsOf);
    await db.execute(sql`insert into bench_city_venues (n, county, k, id, division)
      select * from unnest(${`{${map.map((m) => m.n).join(',')}}`}::int[], ${`{${map.map((m) => m.county).join(',')}}`}::int[], ${`{${map.map((m) => m.k).join(',')}}`}::int[], ${`{${map.map((m) => m.id).join(',')}}`}::uuid[], ${`{${map.map((m) => m.division).join(',')}}`}::text[])`);
  }
  const venuesMs = performance.now() - t;
  log('venues', venueCount, Math.round(venuesMs), 'ms');

  // ---- citizens, declarations, codes: streamed chunks through FieldCipher / BlindIndex ----
  t = performance.now();
  const used = new UsedIds();
  const byCounty: Record<string, number> = {};
  const thisYear = new Date(now).getUTCFullYear();
  const epoch = Date.UTC(thisYear - 99, 0, 1);
  const realNameAt = new Date(now - 30 * 86_400_000);
  const [active] = await rows<{ v: number | null }>(db, sql`select max(version)::int as v from hc_rule_sets where status = 'active'`);
  const ruleSetVersion = active?.v ?? 1;
  const green = sealedCodeColumns(ctx.cipher, { reasons: [], holds: [], override: null });
  let household: { county: number; left: number } = { county: 0, left: 0 };
  for (let start = 0; start < people; start += chunk) {
    const end = Math.min(people, start + chunk);
    const citizenRows: (typeof citizens.$inferInsert)[] = [];
    const declRows: (typeof hcDeclarations.$inferInsert)[] = [];
    const codeRows: (typeof healthCodes.$inferInsert)[] = [];
    const ns: number[] = [];
    const ids: string[] = [];
    const cs: number[] = [];
    for (let i = start; i < end; i++) {
      // Households of 1–5 people share a county.
      if (household.left <= 0) household = { county: DEYANG_COUNTIES.indexOf(pick(rand, DEYANG_COUNTIES, (x) => x.share)), left: 1 + Math.floor(rand() * 5) };
      household.left--;
      const c = household.county;
      const county = DEYANG_COUNTIES[c];
      byCounty[county.code] = (byCounty[county.code] ?? 0) + 1;
      const male = rand() < 0.51;
      // Age 0–90, fewer of the very old.
      const age = Math.floor(Math.min(rand(), rand() * 1.3) * 90);
      let birthDay = Math.floor((Date.UTC(thisYear - age, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)) - epoch) / 86_400_000);
      // The three-digit sequence: odd for men, even for women; on a clash the next one, then the day before.
      let seq = (Math.floor(rand() * 500) * 2 + (male ? 1 : 0)) % 1000;
      let tries = 0;
      while (!used.take(c, birthDay, seq)) {
        seq = (seq + 2) % 1000;
        if (++tries % 500 === 0) birthDay--;
      }
      const birth = new Date(epoch + birthDay * 86_400_000).toISOString().slice(0, 10);
      const idNumber = idNumberOf(county.code, birth, (seq - (male ? 1 : 0)) / 2, male);
      const phone = `1${3 + (i % 7)}${String(100_000_000 + i).slice(-9)}`;
      const id = uuidOf(rand);
      const name = SURNAMES[Math.floor(rand() * SURNAMES.length)] + GIVEN[Math.floor(rand() * GIVEN.length)] + (rand() < 0.6 ? GIVEN[Math.floor(rand() * GIVEN.length)] : '');
      citizenRows.push({
        id,
        phoneCipher: ctx.cipher.encrypt(phone),
        phoneIndex: ctx.blindIndex.of('phone', phone),
        nameCipher: ctx.cipher.encrypt(name),
        documentType: 'resident_id',
        documentNumberCipher: ctx.cipher.encrypt(idNumber),
        documentIndex: ctx.blindIndex.of('id', idNumber),
        birthDate: birth,
        sex: male ? 'male' : 'female',
        nationality: 'CHN',
        householdDivision: county.code,
        realNameAt,
      });
      declRows.push({
        id: uuidOf(rand),
        citizenId: id,
        kind: 'health',
        declaredOn: today,
        residenceDivision: county.code,
        healthCipher: sealHealthFields(ctx.cipher, { temperature: 36.3 + Math.round(rand() * 6) / 10, symptoms: [], contactWithCase: false, underlyingIllness: null }),
      });
      if (options.codes !== false) {
        const sealed = sealedCodeColumns(ctx.cipher, { reasons: [], holds: [], override: null });
        codeRows.push({ citizenId: id, colour: 'green', ruleSetVersion, since: realNameAt, reasonCodes: green.reasonCodes, reasonsCipher: sealed.reasonsCipher, holdsCipher: sealed.holdsCipher, pendingConfirmation: false, nextCheckAt: null, regionCode: county.code, updatedAt: realNameAt });
      }
      ns.push(i);
      ids.push(id);
      cs.push(c);
    }
    await bulkInsert(db, citizens, citizenRows);
    await bulkInsert(db, hcDeclarations, declRows);
    if (codeRows.length) await bulkInsert(db, healthCodes, codeRows);
    await db.execute(sql`insert into bench_city_people (n, id, county) select * from unnest(${`{${ns.join(',')}}`}::int[], ${`{${ids.join(',')}}`}::uuid[], ${`{${cs.join(',')}}`}::int[])`);
    if ((end / chunk) % 10 === 0 || end === people) log('citizens', end, Math.round(performance.now() - t), 'ms', `rss ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
  }
  const citizensMs = performance.now() - t;

  // ---- scans, set-based ----
  t = performance.now();
  const scanCount = await generateScans(ctx, { people, venues: venueCount, days, scans: totalScans, seed, now, log });
  const scansMs = performance.now() - t;

  await db.execute(sql`drop table bench_city_people`);
  await db.execute(sql`drop table bench_city_venues`);
  t = performance.now();
  await db.execute(sql`analyze`);
  const analyzeMs = performance.now() - t;
  const [{ mb }] = await rows<{ mb: number }>(db, sql`select (pg_database_size(current_database()) / 1048576)::int as mb`);
  return {
    people,
    venues: venueCount,
    scans: scanCount,
    declarations: people,
    codes: options.codes === false ? 0 : people,
    byCounty,
    ms: { venues: Math.round(venuesMs), citizens: Math.round(citizensMs), scans: Math.round(scansMs), analyze: Math.round(analyzeMs), total: Math.round(performance.now() - t0) },
    databaseMb: mb,
  };
}

/** What loadCity answers (the benches of before city.ts). */
export interface City {
  people: number;
  venues: number;
  scans: number;
  byCounty: Record<string, number>;
}

/**
 * The city of the older benches (health-code-city.ts, tracing.ts): `scansPerPerson` scans per person
 * on average over `days` days, no stored codes (those benches store or compute them themselves).
 */
export async function loadCity(ctx: AppContext, options: { people: number; seed?: number; scansPerPerson?: number; days?: number }): Promise<City> {
  const report = await generateCity(ctx, { people: options.people, seed: options.seed, days: options.days ?? 14, scans: options.people * (options.scansPerPerson ?? 12), codes: false });
  return { people: report.people, venues: report.venues, scans: report.scans, byCounty: report.byCounty };
}

/**
 * The scans of the city, set-based, inside the database (they carry no ciphertext): `scans` rows
 * spread evenly over `days` China days back from today (today up to now), each day made as a plain
 * table shaped like `scans` by one INSERT … SELECT FROM generate_series, then attached as that day's
 * partition with the app's own attachScanPartition (venues.partitions.ts): the parent's primary key
 * and indexes are then built once per day by sorting, not maintained row by row — the path an
 * archived day takes back in. A day already attached (e.g. today, created by the partition job) is
 * detached first and attached again the same way.
 *
 * Per row, hashint8 of (seed, day, row) gives the draws: the person (uniform over the
 * bench_city_people ordinals), the venue (80 % one of the person's county, else any county), the
 * hour (DIURNAL), the second and millisecond, and presence proof (70 %, a dynamic code). Scan ids
 * are gen_random_uuid() (as the app's crypto.randomUUID()): the rest of the city is the same for
 * the same seed.
 */
export async function generateScans(
  ctx: AppContext,
  o: { people: number; venues: number; days: number; scans: number; seed: number; now: number; log?: (...a: unknown[]) => void },
): Promise<number> {
  const { rows } = await import('../apps/server/src/platform/db/database.ts');
  const { attachScanPartition, detachScanPartition, scanPartitionName } = await import('../apps/server/src/modules/venues/venues.partitions.ts');
  const db = ctx.db;
  const log = o.log ?? (() => {});
  const t = performance.now();
  const venueCounts = await rows<{ county: number; n: number }>(db, sql`select county, count(*)::int as n from bench_city_venues group by county order by county`);
  const countyVenues = `{${DEYANG_COUNTIES.map((_, c) => venueCounts.find((x) => x.county === c)?.n ?? 0).join(',')}}`;
  const hours = `{${HOURS.join(',')}}`;
  const perDay = Math.ceil(o.scans / o.days);
  const SLICE = 500_000;
  let scanCount = 0;
  for (let d = 0; d < o.days; d++) {
    const day = chinaDay(o.now - d * 86_400_000);
    const dayStart = chinaDayStart(day).toISOString();
    const name = scanPartitionName(day);
    if (await detachScanPartition(db, day)) await db.execute(sql.raw(`drop table "${name}"`));
    await db.execute(sql.raw(`drop table if exists "${name}"`));
    await db.execute(sql.raw(`create table "${name}" (like scans including defaults)`));
    for (let lo = 0; lo < perDay; lo += SLICE) {
      const hi = Math.min(perDay, lo + SLICE) - 1;
      // a, b, c: three 31-bit draws per row (hashint8 of the seed, day and row number), computed once
      // (offset 0 keeps the planner from inlining them into every use).
      const res = await db.execute(sql`
        insert into ${sql.raw(`"${name}"`)} (venue_id, id, scanned_at, citizen_id, division_code, method, colour, decision, presence_proven, staff_id)
        select v.id, gen_random_uuid(), r.at, p.id, v.division,
               case when r.proven then 'citizen_scan_dynamic' else 'citizen_scan_static' end, 'green', 'pass', r.proven, null
          from (
            select a, b,
                   ${dayStart}::timestamptz
                     + make_interval(hours => (${hours}::int[])[1 + c % ${HOURS.length}])
                     + make_interval(secs => ((c >> 7) % 3600000) / 1000.0) as at,
                   (b >> 20) % 10 < 7 as proven
              from (select hashint8(${o.seed}::bigint * 1000003 + ${d}::bigint * 100000007 + g * 3) & 2147483647 as a,
                           hashint8(${o.seed}::bigint * 1000003 + ${d}::bigint * 100000007 + g * 3 + 1) & 2147483647 as b,
                           hashint8(${o.seed}::bigint * 1000003 + ${d}::bigint * 100000007 + g * 3 + 2) & 2147483647 as c
                      from generate_series(${lo}::bigint, ${hi}::bigint) g offset 0) x
             offset 0
          ) r
          join bench_city_people p on p.n = r.a % ${o.people}
          cross join lateral (select case when (r.b >> 8) % 10 < 8 then p.county else (r.b >> 12) % ${DEYANG_COUNTIES.length} end as c) cc
          join bench_city_venues v on v.county = cc.c and v.k = (r.b >> 4) % (${countyVenues}::int[])[cc.c + 1]
         where r.at <= now()`);
      scanCount += Number((res as unknown as { affectedRows?: number; rowCount?: number }).affectedRows ?? (res as unknown as { rowCount?: number }).rowCount ?? 0);
    }
    await attachScanPartition(db, day);
    log('scans', day, scanCount, Math.round(performance.now() - t), 'ms');
  }
  return scanCount;
}
