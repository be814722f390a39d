/**
 * Catalogue import from XLSX — the same workbook the export writes (`GET /api/govservice/items.xlsx`):
 * sheet 事项 items (one row per item, the implementation-list columns and the full content as JSON in
 * the last column) and sheet 材料 materials (one row per material). Every good row is saved as a
 * **draft** (never published: publishing stays a reviewed step), each in its own transaction; a bad
 * row is reported with its sheet, line and reason and the rest are kept. Versioning: a row exported
 * from an older version than the one now published is refused (`stale`) rather than overwriting it.
 */
import ExcelJS from 'exceljs';
import {
  APPLICANT_TYPES, CHANNELS, ITEM_TYPES, MATERIAL_FORMS, checkItemContent, type Channel, type ItemContent, type ItemType, type Material, type MaterialForm,
} from '@fangxian/contracts/govservice';
import { asStaff } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { GovserviceErrors as E } from './govservice.errors.ts';
import * as repo from './govservice.repository.ts';
import { createItem, saveDraft } from './govservice.service.ts';

export interface ImportProblem {
  sheet: 'items' | 'materials';
  line: number;
  code: string | null;
  reason: string;
}
export interface ImportOutcome {
  created: string[];
  updated: string[];
  unchanged: string[];
  errors: ImportProblem[];
}

const text = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('').trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  return String(v).trim();
};
const list = (s: string) => s.split(/[、,，;；]/).map((x) => x.trim()).filter(Boolean);
const yes = (s: string) => ['是', 'y', 'yes', 'true', '1'].includes(s.toLowerCase());
const int = (s: string) => (/^\d+$/.test(s) ? Number(s) : null);

/** JSON with object keys sorted (jsonb does not keep key order), for comparing contents. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Fees as the export writes them: '名称 金额、…' or '0'. */
function fees(s: string): ItemContent['fees'] | null {
  if (s === '' || s === '0') return [];
  const out: ItemContent['fees'] = [];
  for (const part of list(s)) {
    const m = /^(.+?)\s+(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) return null;
    out.push({ name: m[1], amount: Number(m[2]) });
  }
  return out;
}

interface ItemRowIn {
  line: number;
  code: string;
  version: number | null;
  cells: string[];
}
interface MaterialRowIn {
  line: number;
  code: string;
  material: Material | null;
  reason: string | null;
}

/** Reads the workbook (400 GOVSERVICE_IMPORT_FILE when it is not one). */
export async function readCatalogueWorkbook(buffer: Buffer): Promise<{ items: ItemRowIn[]; materials: MaterialRowIn[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError(E.GOVSERVICE_IMPORT_FILE, { problem: 'not_xlsx' });
  }
  const itemsSheet = workbook.worksheets.find((w) => w.name.startsWith('事项'));
  if (!itemsSheet) throw new AppError(E.GOVSERVICE_IMPORT_FILE, { problem: 'no_items_sheet' });
  const items: ItemRowIn[] = [];
  itemsSheet.eachRow((row, line) => {
    if (line === 1) return;
    const cells = Array.from({ length: 15 }, (_, i) => text(row.getCell(i + 1).value));
    if (cells.every((c) => c === '')) return;
    items.push({ line, code: cells[0], version: int(cells[1]), cells });
  });
  const materials: MaterialRowIn[] = [];
  workbook.worksheets.find((w) => w.name.startsWith('材料'))?.eachRow((row, line) => {
    if (line === 1) return;
    const c = Array.from({ length: 7 }, (_, i) => text(row.getCell(i + 1).value));
    if (c.every((x) => x === '')) return;
    const count = int(c[5]);
    const reason = !/^[a-z][A-Za-z0-9_]{0,39}$/.test(c[1]) ? 'material_key' : !c[2] ? 'material_name' : !(MATERIAL_FORMS as readonly string[]).includes(c[4]) ? 'material_form'
      : count === null || count < 1 || count > 20 ? 'material_count' : null;
    materials.push({
      line, code: c[0], reason,
      material: reason ? null : { key: c[1], name: c[2], required: yes(c[3]), form: c[4] as MaterialForm, count: count!, secondary: yes(c[6]) },
    });
  });
  return { items, materials };
}

/** The content of one items row over its base (the JSON column, or the item's current content), or the reason it is refused. */
function contentOf(row: ItemRowIn, base: ItemContent | null, materials: MaterialRowIn[]): ItemContent | string {
  const [, , name, type, department, reviewers, legal, promised, channels, visits, feeText, tolerance, commitment, priority, json] = row.cells;
  let start = base;
  if (json) {
    try {
      start = JSON.parse(json) as ItemContent;
    } catch {
      return 'content_json';
    }
  }
  if (!start) return 'new_item_needs_content';
  if (!(ITEM_TYPES as readonly string[]).includes(type)) return 'type';
  const legalDays = int(legal);
  const promisedDays = int(promised);
  const visitCount = int(visits);
  if (legalDays === null || promisedDays === null) return 'limit_days';
  if (visitCount === null) return 'visits';
  const ch = list(channels);
  if (ch.length === 0 || ch.some((x) => !(CHANNELS as readonly string[]).includes(x))) return 'channels';
  const parsedFees = fees(feeText);
  if (!parsedFees) return 'fees';
  const ownMaterials = materials.filter((m) => m.code === row.code);
  const bad = ownMaterials.find((m) => m.reason);
  if (bad) return `materials_line_${bad.line}:${bad.reason}`;
  const byKey = new Map(start.materials.map((m) => [m.key, m]));
  const nextMaterials = ownMaterials.length
    ? ownMaterials.map((m) => ({ ...(byKey.get(m.material!.key) ?? {}), ...m.material! }))
    : start.materials;
  // supplyDays is not a column: it is kept, and a newly allowed 容缺 takes five working days.
  const toleranceKeys = list(tolerance);
  if (yes(commitment) && !start.modes.commitment) return 'commitment_needs_text';
  const content: ItemContent = {
    ...start,
    name, type: type as ItemType, department, reviewDepartments: list(reviewers), legalLimitDays: legalDays, promisedLimitDays: promisedDays,
    channels: ch as Channel[], visits: visitCount, fees: parsedFees, materials: nextMaterials,
    modes: {
      tolerance: toleranceKeys.length ? { materials: toleranceKeys, supplyDays: start.modes.tolerance?.supplyDays ?? 5 } : null,
      commitment: yes(commitment) ? start.modes.commitment : null,
      priority: yes(priority),
    },
  };
  if (content.applicantTypes.some((t) => !(APPLICANT_TYPES as readonly string[]).includes(t))) return 'applicant_types';
  return content;
}

/**
 * Imports the workbook: each items row is checked (columns, the content's schema via `checkSchema`,
 * `checkItemContent`, version, scope) and saved as a draft of a new or existing item in its own
 * transaction (audited like an edit in the console). Answers what was created, updated or unchanged and
 * every refused row with its line and reason.
 */
export async function importCatalogue(
  ctx: AppContext, principal: Principal, buffer: Buffer, checkSchema: (c: unknown) => string | null, meta: RequestMeta,
): Promise<ImportOutcome> {
  const staff = asStaff(principal);
  const { items, materials } = await readCatalogueWorkbook(buffer);
  const out: ImportOutcome = { created: [], updated: [], unchanged: [], errors: [] };
  const codes = new Set(items.map((r) => r.code));
  for (const m of materials) if (!codes.has(m.code)) out.errors.push({ sheet: 'materials', line: m.line, code: m.code || null, reason: 'unknown_item_code' });
  const seen = new Set<string>();
  for (const row of items) {
    const fail = (reason: string) => out.errors.push({ sheet: 'items', line: row.line, code: row.code || null, reason });
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{2,59}$/.test(row.code)) { fail('code'); continue; }
    if (seen.has(row.code)) { fail('duplicate_code'); continue; }
    seen.add(row.code);
    const item = await repo.itemByCode(ctx.db, row.code);
    if (item && item.kind !== 'item') { fail('bundle'); continue; }
    if (item && !regionContains(staff.regionCode, item.regionCode)) { fail('out_of_region'); continue; }
    if (!item && !/^\d{6}$/.test(staff.regionCode)) { fail('region'); continue; }
    const published = item?.publishedVersionId ? await repo.versionById(ctx.db, item.publishedVersionId) : undefined;
    const draft = item?.draftVersionId ? await repo.versionById(ctx.db, item.draftVersionId) : undefined;
    if (published && row.version !== null && row.version < published.version) { fail(`stale:v${row.version}<v${published.version}`); continue; }
    const base = draft?.content ?? published?.content ?? null;
    const content = contentOf(row, base, materials);
    if (typeof content === 'string') { fail(content); continue; }
    const schemaProblem = checkSchema(content);
    if (schemaProblem) { fail(`schema:${schemaProblem}`); continue; }
    const problems = checkItemContent(content);
    if (problems.length) { fail(problems.join(',')); continue; }
    if (base && canonical(base) === canonical(content)) { out.unchanged.push(row.code); continue; }
    try {
      if (item) {
        await saveDraft(ctx, staff, item.id, content, meta);
        out.updated.push(row.code);
      } else {
        await createItem(ctx, staff, { code: row.code, regionCode: staff.regionCode, content }, meta);
        out.created.push(row.code);
      }
    } catch (e) {
      if (e instanceof AppError) fail(e.code);
      else throw e;
    }
  }
  out.errors.sort((a, b) => (a.sheet === b.sheet ? a.line - b.line : a.sheet === 'items' ? -1 : 1));
  return out;
}
