import { and, asc, eq, sql } from 'drizzle-orm';
import { addDays, divisionPrefix } from '@fangxian/contracts/kernel';
import { TRACE_WINDOW_STATUSES } from '@fangxian/contracts/tracing';
import { asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { rows, type DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { VENUE_TYPES } from '../venues/index.ts';
import { TracingErrors } from './tracing.errors.ts';
import type { CaseRow } from './tracing.repository.ts';
import { tracingLabResults, tracingStayDefaults, tracingWindows } from './tracing.tables.ts';

/**
 * Tracing settings (流调参数): the tracing window per case status and the stay length assumed per
 * venue type. Read on every trace (two small tables); edited by city-level health officers, each
 * change audited with the value before and after and the reason.
 */

export type WindowStatus = (typeof TRACE_WINDOW_STATUSES)[number];

/** Days traced before the anchor day when a status has no row (the default). */
export const DEFAULT_WINDOW_DAYS = 14;

/** The window a case of any status uses: an excluded case was a suspected one, a recovered one confirmed. */
export function windowStatusOf(status: string): WindowStatus {
  if (status === 'asymptomatic') return 'asymptomatic';
  if (status === 'suspected' || status === 'excluded') return 'suspected';
  return 'confirmed';
}

/** The anchor of each window: the onset (else report) day, or for asymptomatic cases the first positive sample. */
export function anchorOf(status: WindowStatus): 'onset' | 'first_positive' {
  return status === 'asymptomatic' ? 'first_positive' : 'onset';
}

export async function windowDays(db: DbOrTx): Promise<Record<WindowStatus, number>> {
  const found = await db.select({ caseStatus: tracingWindows.caseStatus, daysBefore: tracingWindows.daysBefore }).from(tracingWindows);
  const out = Object.fromEntries(TRACE_WINDOW_STATUSES.map((s) => [s, DEFAULT_WINDOW_DAYS])) as Record<WindowStatus, number>;
  for (const r of found) if ((TRACE_WINDOW_STATUSES as readonly string[]).includes(r.caseStatus)) out[r.caseStatus as WindowStatus] = r.daysBefore;
  return out;
}

/** The stay lengths tracing assumes per venue type (only the types an officer set). */
export async function stayByType(db: DbOrTx): Promise<Record<string, number>> {
  const found = await db.select({ venueType: tracingStayDefaults.venueType, minutes: tracingStayDefaults.minutes }).from(tracingStayDefaults);
  return Object.fromEntries(found.map((r) => [r.venueType, r.minutes]));
}

/** Both settings in one round trip (a trace reads them every time). */
export async function settingsSnapshot(db: DbOrTx): Promise<{ windows: Record<WindowStatus, number>; stays: Record<string, number> }> {
  const found = await rows<{ kind: string; key: string; n: number | string }>(
    db,
    sql`select 'window' as kind, case_status as key, days_before as n from tracing_windows
        union all
        select 'stay', venue_type, minutes from tracing_stay_defaults`,
  );
  const windows = Object.fromEntries(TRACE_WINDOW_STATUSES.map((s) => [s, DEFAULT_WINDOW_DAYS])) as Record<WindowStatus, number>;
  const stays: Record<string, number> = {};
  for (const r of found) {
    if (r.kind === 'stay') stays[r.key] = Number(r.n);
    else if ((TRACE_WINDOW_STATUSES as readonly string[]).includes(r.key)) windows[r.key as WindowStatus] = Number(r.n);
  }
  return { windows, stays };
}

/** The tracing window of a case: its first day, how many days and from which anchor day. */
export interface TraceWindow {
  startDay: string;
  days: number;
  anchorDay: string;
  anchor: 'onset' | 'first_positive' | 'report';
}

/**
 * The tracing window of a case: `days` (a request's explicit choice) or the configured days of its
 * status, before its anchor day — the onset (else the report) for confirmed and suspected cases; for
 * an asymptomatic case the first positive sample of the person's lab results (by document), else
 * the onset, else the report.
 */
export async function traceWindowOf(db: DbOrTx, theCase: Pick<CaseRow, 'status' | 'onsetDate' | 'reportDate' | 'documentIndex'>, days?: number, configured?: Record<WindowStatus, number>): Promise<TraceWindow> {
  const status = windowStatusOf(theCase.status);
  const n = days ?? (configured ?? (await windowDays(db)))[status];
  let anchorDay = theCase.onsetDate ?? theCase.reportDate;
  let anchor: TraceWindow['anchor'] = theCase.onsetDate ? 'onset' : 'report';
  if (status === 'asymptomatic') {
    const [first] = await db
      .select({ day: sql<string>`to_char(${tracingLabResults.sampleDate}, 'YYYY-MM-DD')` })
      .from(tracingLabResults)
      .where(and(eq(tracingLabResults.documentIndex, theCase.documentIndex), eq(tracingLabResults.result, 'positive')))
      .orderBy(asc(tracingLabResults.sampleDate))
      .limit(1);
    if (first?.day) {
      anchorDay = first.day;
      anchor = 'first_positive';
    }
  }
  return { startDay: addDays(anchorDay, -n), days: n, anchorDay, anchor };
}

/** Only an officer of a city (or wider) edits the settings: they apply to every county's tracing. */
function assertCityLevel(regionCode: string): void {
  // A county code has six significant digits; a city's ends in 00 (its prefix has four or fewer).
  if (divisionPrefix(regionCode).length > 4) throw new AppError(TracingErrors.TRACING_SETTINGS_CITY_ONLY);
}

/** The settings as shown: every window status and every venue type, with who changed them last. */
export async function readSettings(ctx: AppContext) {
  const [windows, stays] = await Promise.all([ctx.db.select().from(tracingWindows), ctx.db.select().from(tracingStayDefaults)]);
  return {
    windows: TRACE_WINDOW_STATUSES.map((caseStatus) => {
      const row = windows.find((w) => w.caseStatus === caseStatus);
      return {
        caseStatus,
        daysBefore: row?.daysBefore ?? DEFAULT_WINDOW_DAYS,
        anchor: anchorOf(caseStatus),
        isDefault: !row,
        updatedBy: row?.updatedBy ?? null,
        updatedAt: row?.updatedAt.toISOString() ?? null,
      };
    }),
    stays: Object.entries(VENUE_TYPES).map(([venueType, info]) => {
      const row = stays.find((s) => s.venueType === venueType);
      return { venueType, zh: info.zh, en: info.en, registrationDefault: info.stayMinutes, tracingMinutes: row?.minutes ?? null, updatedBy: row?.updatedBy ?? null, updatedAt: row?.updatedAt.toISOString() ?? null };
    }),
  };
}

/**
 * One change of the settings: the tracing window of a case status (1–28 days; validated by the route),
 * or the stay tracing assumes for a venue type (minutes), cleared with null (each venue's own length again).
 */
export type SettingChange = { setting: 'window'; caseStatus: WindowStatus; to: number } | { setting: 'stay'; venueType: string; to: number | null };

/**
 * Applies one change of the settings (a city-level officer only), audited with the value before and
 * after and the reason, in one transaction; answers the settings as shown. The caller drops the
 * self-check's snapshot (`publishedChanged`, tracing.published-cache.ts), which holds the stays.
 */
export async function changeSetting(ctx: AppContext, principal: Principal, change: SettingChange, reason: string, meta: RequestMeta) {
  const staff = asStaff(principal);
  assertCityLevel(staff.regionCode);
  if (change.setting === 'stay' && !(change.venueType in VENUE_TYPES)) throw new AppError(TracingErrors.TRACING_VENUE_TYPE_UNKNOWN, { field: 'venueType' });
  await ctx.db.transaction(async (tx) => {
    const before = change.setting === 'window' ? (await windowDays(tx))[change.caseStatus] : ((await stayByType(tx))[change.venueType] ?? null);
    const set = { updatedBy: staff.staffId, updatedAt: new Date() };
    if (change.setting === 'window')
      await tx
        .insert(tracingWindows)
        .values({ caseStatus: change.caseStatus, daysBefore: change.to, updatedBy: staff.staffId })
        .onConflictDoUpdate({ target: tracingWindows.caseStatus, set: { daysBefore: change.to, ...set } });
    else if (change.to === null) await tx.delete(tracingStayDefaults).where(eq(tracingStayDefaults.venueType, change.venueType));
    else
      await tx
        .insert(tracingStayDefaults)
        .values({ venueType: change.venueType, minutes: change.to, updatedBy: staff.staffId })
        .onConflictDoUpdate({ target: tracingStayDefaults.venueType, set: { minutes: change.to, ...set } });
    const { to, ...which } = change;
    await appendAudit(tx, {
      actor: staff,
      ip: meta.ip,
      requestId: meta.requestId,
      action: 'tracing.settings.change',
      subjectType: 'tracing_settings',
      regionCode: staff.regionCode,
      detail: { ...which, from: before, to, reason },
    });
  });
  return readSettings(ctx);
}
