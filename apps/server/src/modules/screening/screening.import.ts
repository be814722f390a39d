import { randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { AppContext } from '../../platform/http/context.ts';
import type { JobRun } from '../../platform/jobs/index.ts';
import { matchPerson, type Candidate } from './screening.match.ts';
import { normaliseRow, resolveColumns, type ScreeningRecord } from './screening.rows.ts';
import { dispatchFor, deadlines, type DispatchRule } from './screening.dispatch.ts';
import { listRows, type SheetRow } from './screening.readers.ts';
import { screeningDivisions } from './screening.divisions.ts';
import type { FieldProvenance } from './screening.tables.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import * as repo from './screening.repository.ts';
import { openListFile } from './screening.files.ts';
import { tasksChanged } from './screening.feed.ts';

/**
 * The import job (`screening.import`): streams the uploaded list, normalises and matches its rows in
 * batches, and writes each batch — new persons, changed persons, reports, review pairs, rejected rows,
 * dispatched tasks, and the import's counters and checkpoint — in one transaction, so a crash leaves
 * whole batches only and a resumed run starts after the last committed row.
 */

export const IMPORT_JOB = 'screening.import';
export const DEFAULT_BATCH_ROWS = 5000;
/** How far down the header row is looked for. */
const HEADER_SEARCH_ROWS = 20;
const NO_HEADER = `no column of ID numbers or phones in the first ${HEADER_SEARCH_ROWS} rows: save the source's column mapping`;

/**
 * Rows prepared (or matched) between two turns of the event loop: the import's CPU work runs on the
 * thread that answers requests, and a 5 000-row batch in one go held every other request back for its
 * whole length (GET /api/me p99 of a second on the loaded machine).
 */
const ROWS_PER_TURN = 250;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Attempts of an import job before it (and the import) is failed. */
export const IMPORT_MAX_ATTEMPTS = 5;

/** The counters an import reports (also the job's progress message, as JSON). */
export interface ImportCounters {
  rowsRead: number;
  accepted: number;
  rejected: number;
  matched: number;
  created: number;
  reviews: number;
}

/** Progress is in KiB of the file (the job's progress columns are 32-bit; a list may pass 2 GiB). */
const kib = (bytes: number) => Math.ceil(bytes / 1024);

/** Counts the bytes that pass (the progress bar: bytes read of the file's size). */
class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** A row read, normalised and encrypted ahead of its batch's transaction (the CPU work, done while the previous batch writes). */
type PreparedRow =
  | { line: number; ok: false; reason: string; rawCipher: string }
  | {
      line: number;
      ok: true;
      record: ScreeningRecord;
      documentIndex: string | null;
      phoneIndex: string | null;
      /** The report's values (everything the source said), encrypted. */
      valuesCipher: string;
    };

/** Normalises one row and computes its blind indexes and the report's ciphertext (pure CPU, no database). */
function prepareRow(ctx: AppContext, row: SheetRow, columns: ReturnType<typeof resolveColumns>, rowContext: Parameters<typeof normaliseRow>[2]): PreparedRow {
  const verdict = normaliseRow(row.cells, columns, rowContext);
  if (!verdict.ok) return { line: row.line, ok: false, reason: verdict.reason, rawCipher: ctx.cipher.encrypt(JSON.stringify(row.cells)) };
  const r = verdict.record;
  return {
    line: row.line,
    ok: true,
    record: r,
    documentIndex: r.idNumber ? ctx.blindIndex.of('id', r.idNumber) : null,
    phoneIndex: r.phone ? ctx.blindIndex.of('phone', r.phone) : null,
    // The person's own field ciphertexts are made only when the row sets a field on the person
    // (applyRecord): a row that matches someone already known mostly sets nothing new.
    valuesCipher: ctx.cipher.encrypt(JSON.stringify(r)),
  };
}

/** A person as a batch sees it: the stored ciphertexts, the clear name for matching, and what changed. */
interface WorkingPerson {
  row: repo.PersonInsert & { id: string };
  name: string | null;
  isNew: boolean;
  changed: boolean;
}

type Field = 'name' | 'document' | 'phone' | 'residenceDivision' | 'householdDivision' | 'address' | 'origin' | 'arrivalDate';

/** Whether a source's value replaces the one a person has: nothing there yet, the same source correcting itself, or a more trusted source. */
function replaces(current: FieldProvenance | undefined, hasValue: boolean, incoming: FieldProvenance): boolean {
  if (!hasValue || !current) return true;
  return current.sourceId === incoming.sourceId || incoming.trust > current.trust;
}

/** Runs (or resumes) one import; returns the final counters. */
export async function runImport(run: JobRun, options: { batchRows?: number } = {}): Promise<ImportCounters & { status: string }> {
  const ctx = run.ctx;
  const importId = String(run.payload.importId);
  const batchRows = Number(run.payload.batchRows ?? options.batchRows ?? DEFAULT_BATCH_ROWS);
  const imp = await repo.findImport(ctx.db, importId);
  if (!imp) return { status: 'missing', rowsRead: 0, accepted: 0, rejected: 0, matched: 0, created: 0, reviews: 0 };
  if (imp.status === 'succeeded' || imp.status === 'cancelled') return { status: imp.status, ...countersOf(imp) };
  const source = await repo.findSource(ctx.db, imp.sourceId);
  if (!source) throw new Error(`screening import ${importId}: source ${imp.sourceId} is gone`);
  const rules = (await repo.listDispatchRules(ctx.db)) as DispatchRule[];
  const file = await openListFile(ctx, imp.fileId);
  await repo.updateImport(ctx.db, importId, { status: 'running', encoding: file.encoding, error: null });

  const counter = new ByteCounter();
  const stream: Readable = file.open().pipe(counter);
  const rowsIter = listRows(stream, file.format, file.encoding);
  let committedLine = imp.line;
  let columns: ReturnType<typeof resolveColumns> | null = null;
  let batch: PreparedRow[] = [];
  let counters = countersOf(imp);
  const importedAt = imp.createdAt;
  const rowContext = { divisions: screeningDivisions(), defaultDivision: source.defaultDivision };

  /** Writes one prepared batch in its own transaction (its rows, the counters and the checkpoint together). */
  const write = async (rowsOfBatch: PreparedRow[]): Promise<'go' | 'cancelled'> => {
    let taskRegions: string[] = [];
    const outcome = await ctx.db.transaction(async (tx) => {
      await repo.lockMatching(tx);
      const current = await repo.lockImport(tx, importId);
      if (!current) return 'cancelled' as const;
      if (current.cancelRequested) return 'cancelled' as const;
      // Rows another attempt already committed (a takeover after a lost lease) are not written twice.
      const fresh = rowsOfBatch.filter((r) => r.line > current.line);
      if (fresh.length === 0) return 'go' as const;
      const result = await writeBatch(ctx, tx, { imp: current, source, rules, rows: fresh, importedAt });
      const next = {
        rowsRead: current.rowsRead + fresh.length,
        accepted: current.accepted + result.accepted,
        rejected: current.rejected + result.rejected,
        matched: current.matched + result.matched,
        created: current.created + result.created,
        reviews: current.reviews + result.reviews,
      };
      await repo.updateImport(tx, importId, { ...next, line: fresh[fresh.length - 1].line });
      counters = next;
      taskRegions = result.taskRegions;
      return 'go' as const;
    });
    if (outcome === 'go') committedLine = rowsOfBatch[rowsOfBatch.length - 1].line;
    tasksChanged(ctx, taskRegions);
    await run.progress(kib(counter.bytes), kib(file.size), JSON.stringify(counters));
    return outcome;
  };

  // Pipelined: while one batch is written (the database works on its own thread or server), the next
  // is read, normalised and encrypted. Only one batch is ever in flight, and batches commit in order.
  let inFlight: Promise<'go' | 'cancelled'> | null = null;
  const settle = async (): Promise<'go' | 'cancelled'> => {
    if (!inFlight) return 'go';
    const pending = inFlight;
    inFlight = null;
    return pending;
  };
  const dispatchBatch = async (): Promise<'go' | 'cancelled'> => {
    if ((await settle()) === 'cancelled') return 'cancelled';
    if (batch.length === 0) return 'go';
    const rowsOfBatch = batch;
    batch = [];
    inFlight = write(rowsOfBatch);
    // Handled when settled; marked here so a failure while the next batch is read is not "unhandled".
    inFlight.catch(() => {});
    return 'go';
  };
  const cancelled = async () => {
    await repo.updateImport(ctx.db, importId, { status: 'cancelled', finishedAt: new Date() });
    return { status: 'cancelled', ...counters };
  };

  try {
    for await (const row of rowsIter) {
      if (columns === null) {
        // The header is the first row naming an ID or phone column; title rows above it are skipped.
        const found = resolveColumns(row.cells.map((c) => String(c ?? '')), source.columnMapping);
        if (found.idNumber !== undefined || found.phone !== undefined) columns = found;
        else if (row.line >= HEADER_SEARCH_ROWS) break;
        continue;
      }
      if (row.line <= committedLine) continue;
      batch.push(prepareRow(ctx, row, columns, rowContext));
      if (batch.length % ROWS_PER_TURN === 0) await nextTurn();
      if (batch.length >= batchRows) {
        if (run.signal.aborted) throw run.signal.reason ?? new Error('aborted');
        if ((await dispatchBatch()) === 'cancelled') return await cancelled();
      }
    }
    if (columns === null) {
      // Nothing to retry: the file or the source's mapping has to change.
      await repo.updateImport(ctx.db, importId, { status: 'failed', finishedAt: new Date(), error: NO_HEADER });
      return { status: 'failed', ...counters };
    }
    if ((await dispatchBatch()) === 'cancelled') return await cancelled();
    if ((await settle()) === 'cancelled') return await cancelled();
  } catch (err) {
    await settle().catch(() => {});
    await rowsIter.return(undefined).catch(() => {});
    // The job is retried from the checkpoint; the import says why it stopped meanwhile, and is failed
    // with the job's last attempt (uploading the file again resumes it).
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    const last = run.attempt >= IMPORT_MAX_ATTEMPTS;
    await repo.updateImport(ctx.db, importId, { error, ...(last ? { status: 'failed', finishedAt: new Date() } : {}) }).catch(() => {});
    throw err;
  }
  await repo.updateImport(ctx.db, importId, { status: 'succeeded', finishedAt: new Date(), error: null });
  await run.progress(kib(file.size), kib(file.size), JSON.stringify(counters));
  return { status: 'succeeded', ...counters };
}

function countersOf(imp: repo.ImportRow): ImportCounters {
  return { rowsRead: imp.rowsRead, accepted: imp.accepted, rejected: imp.rejected, matched: imp.matched, created: imp.created, reviews: imp.reviews };
}

interface BatchInput {
  imp: repo.ImportRow;
  source: repo.SourceRow;
  rules: DispatchRule[];
  rows: PreparedRow[];
  importedAt: Date;
}

type AcceptedRow = Extract<PreparedRow, { ok: true }>;

/** Matches and writes one prepared batch inside the caller's transaction (a constant number of statements). */
async function writeBatch(ctx: AppContext, tx: Parameters<Parameters<AppContext['db']['transaction']>[0]>[0], input: BatchInput) {
  const { imp, source, rules, rows, importedAt } = input;
  const rejected: (typeof import('./screening.tables.ts').screeningRejectedRows.$inferInsert)[] = [];
  const accepted: AcceptedRow[] = [];
  for (const row of rows) {
    if (row.ok) accepted.push(row);
    else rejected.push({ importId: imp.id, line: row.line, reason: row.reason, rawCipher: row.rawCipher });
  }

  // Everyone the batch could be about, in one read.
  const existing = await repo.findCandidates(
    tx,
    [...new Set(accepted.map((a) => a.documentIndex).filter((x): x is string => !!x))],
    [...new Set(accepted.map((a) => a.phoneIndex).filter((x): x is string => !!x))],
  );
  const pool = new Map<string, WorkingPerson>();
  const byDocument = new Map<string, string>();
  const byPhone = new Map<string, Set<string>>();
  const index = (p: WorkingPerson) => {
    if (p.row.documentIndex) byDocument.set(p.row.documentIndex, p.row.id);
    if (p.row.phoneIndex) {
      const set = byPhone.get(p.row.phoneIndex) ?? new Set();
      set.add(p.row.id);
      byPhone.set(p.row.phoneIndex, set);
    }
  };
  for (const row of existing) {
    const p: WorkingPerson = { row: { ...row }, name: row.nameCipher ? ctx.cipher.decrypt(row.nameCipher) : null, isNew: false, changed: false };
    pool.set(row.id, p);
    index(p);
  }
  const candidatesFor = (a: { documentIndex: string | null; phoneIndex: string | null }): Candidate[] => {
    const ids = new Set<string>();
    if (a.documentIndex && byDocument.has(a.documentIndex)) ids.add(byDocument.get(a.documentIndex)!);
    if (a.phoneIndex) for (const id of byPhone.get(a.phoneIndex) ?? []) ids.add(id);
    return [...ids].map((id) => {
      const p = pool.get(id)!;
      return { id, documentIndex: p.row.documentIndex ?? null, phoneIndex: p.row.phoneIndex ?? null, name: p.name };
    });
  };

  const reports: (typeof import('./screening.tables.ts').screeningReports.$inferInsert)[] = [];
  const reviews: (typeof import('./screening.tables.ts').screeningReviews.$inferInsert)[] = [];
  let matched = 0;
  let created = 0;
  let sinceTurn = 0;
  for (const a of accepted) {
    if (++sinceTurn === ROWS_PER_TURN) {
      sinceTurn = 0;
      await nextTurn();
    }
    const decision = matchPerson({ documentIndex: a.documentIndex, phoneIndex: a.phoneIndex, name: a.record.name }, candidatesFor(a));
    const reportedAt = a.record.reportedAt ?? importedAt;
    const prov: FieldProvenance = { sourceId: source.id, importId: imp.id, at: reportedAt.toISOString(), trust: source.trust };
    let person: WorkingPerson;
    if (decision.kind === 'match') {
      person = pool.get(decision.personId)!;
      if (!person.isNew) matched++;
    } else {
      const id = randomUUID();
      person = {
        row: { id, provenance: {}, firstReportedAt: reportedAt, firstSourceId: source.id, status: 'pending' },
        name: null,
        isNew: true,
        changed: true,
      };
      pool.set(id, person);
      created++;
      if (decision.kind === 'review') {
        const candidate = pool.get(decision.candidateId)!;
        reviews.push({
          personId: id,
          candidateId: decision.candidateId,
          score: decision.score,
          reasons: decision.reasons,
          importId: imp.id,
          regionCode: a.record.residenceDivision ?? candidate.row.residenceDivision ?? a.record.householdDivision ?? '',
        });
      }
    }
    applyRecord(ctx.cipher, person, a, prov);
    index(person);
    if (reportedAt < (person.row.firstReportedAt as Date)) {
      person.row.firstReportedAt = reportedAt;
      person.row.firstSourceId = source.id;
      person.changed = true;
    }
    reports.push({
      personId: person.row.id,
      sourceId: source.id,
      importId: imp.id,
      line: a.line,
      reportedAt,
      division: a.record.residenceDivision ?? a.record.householdDivision,
      valuesCipher: a.valuesCipher,
      matchedBy: decision.kind === 'match' ? decision.by : decision.kind,
    });
  }

  const fresh = [...pool.values()].filter((p) => p.isNew);
  const changed = [...pool.values()].filter((p) => !p.isNew && p.changed);
  const now = new Date();
  const tasks = fresh.flatMap((p) => {
    const d = dispatchFor({ residenceDivision: p.row.residenceDivision ?? null, householdDivision: p.row.householdDivision ?? null }, source, rules);
    if (!d) return [];
    return [{ personId: p.row.id, regionCode: d.regionCode, status: 'open', dispatchedAt: now, ...deadlines(now, d) }];
  });
  await repo.insertPersons(tx, fresh.map((p) => personInsert(p.row)));
  await repo.updatePersons(tx, changed.map((p) => p.row));
  await repo.insertReports(tx, reports);
  await repo.insertReviews(tx, reviews);
  await repo.insertRejected(tx, rejected);
  await repo.insertTasks(tx, tasks);
  return { accepted: accepted.length, rejected: rejected.length, matched, created, reviews: reviews.length, taskRegions: [...new Set(tasks.map((t) => t.regionCode))] };
}

/** Every column of a new person (bulkInsert takes its columns from the first row: none may be missing). */
function personInsert(row: repo.PersonInsert & { id: string }): repo.PersonInsert {
  return {
    id: row.id,
    nameCipher: row.nameCipher ?? null,
    documentType: row.documentType ?? null,
    documentNumberCipher: row.documentNumberCipher ?? null,
    documentIndex: row.documentIndex ?? null,
    phoneCipher: row.phoneCipher ?? null,
    phoneIndex: row.phoneIndex ?? null,
    birthDate: row.birthDate ?? null,
    sex: row.sex ?? null,
    residenceDivision: row.residenceDivision ?? null,
    householdDivision: row.householdDivision ?? null,
    addressCipher: row.addressCipher ?? null,
    originCipher: row.originCipher ?? null,
    arrivalDate: row.arrivalDate ?? null,
    status: row.status ?? 'pending',
    provenance: row.provenance ?? {},
    firstReportedAt: row.firstReportedAt,
    firstSourceId: row.firstSourceId,
  };
}

/** Puts a record's values into a person where the source may set them, remembering who said what when. */
function applyRecord(cipher: FieldCipher, p: WorkingPerson, a: AcceptedRow, prov: FieldProvenance): void {
  const { record: r, documentIndex, phoneIndex } = a;
  // Each field is encrypted when (and only when) it is written to the person: once per person and field, not once per report.
  const ciphers = {
    get name() { return cipher.encrypt(r.name); },
    get idNumber() { return cipher.encrypt(r.idNumber); },
    get phone() { return cipher.encrypt(r.phone); },
    get address() { return cipher.encrypt(r.address); },
    get origin() { return cipher.encrypt(r.origin); },
  };
  const provenance = { ...(p.row.provenance ?? {}) } as Record<string, FieldProvenance>;
  const set = (field: Field, value: unknown, has: boolean, write: () => void) => {
    if (value === null || value === undefined) return;
    if (!replaces(provenance[field], has, prov)) return;
    write();
    provenance[field] = prov;
    p.changed = true;
  };
  set('name', r.name, !!p.row.nameCipher, () => {
    if (p.name === r.name) return;
    p.row.nameCipher = ciphers.name;
    p.name = r.name;
  });
  // The ID number is set once: a person's ID is what identified them (a different ID is another person).
  if (r.idNumber && !p.row.documentIndex) {
    p.row.documentType = 'resident_id';
    p.row.documentNumberCipher = ciphers.idNumber;
    p.row.documentIndex = documentIndex;
    p.row.birthDate = r.birthDate;
    p.row.sex = r.sex;
    provenance.document = prov;
    p.changed = true;
  }
  set('phone', r.phone, !!p.row.phoneIndex, () => {
    if (p.row.phoneIndex === phoneIndex) return;
    p.row.phoneCipher = ciphers.phone;
    p.row.phoneIndex = phoneIndex;
  });
  set('residenceDivision', r.residenceDivision, !!p.row.residenceDivision, () => (p.row.residenceDivision = r.residenceDivision));
  set('householdDivision', r.householdDivision, !!p.row.householdDivision, () => (p.row.householdDivision = r.householdDivision));
  set('address', r.address, !!p.row.addressCipher, () => (p.row.addressCipher = ciphers.address));
  set('origin', r.origin, !!p.row.originCipher, () => (p.row.originCipher = ciphers.origin));
  set('arrivalDate', r.arrivalDate, !!p.row.arrivalDate, () => (p.row.arrivalDate = r.arrivalDate));
  p.row.provenance = provenance;
}
