import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { JobRun } from '../../platform/jobs/index.ts';
import { matchPerson, type Candidate } from './screening.match.ts';
import { dispatchFor, deadlines, type DispatchRule } from './screening.dispatch.ts';
import type { FieldProvenance } from './screening.tables.ts';
import * as repo from './screening.repository.ts';
import { openListFile } from './screening.files.ts';
import { tasksChanged } from './screening.feed.ts';
import { ImportPreparer, type PreparedRow } from './screening.prepare.ts';
import { BatchPacer, type PaceOptions } from './screening.pace.ts';

/**
 * The import job (`screening.import`): streams the uploaded list, normalises and matches its rows in
 * batches, and writes each batch — new persons, changed persons, reports, review pairs, rejected rows,
 * dispatched tasks, and the import's counters and checkpoint — in one transaction, so a crash leaves
 * whole batches only and a resumed run starts after the last committed row.
 *
 * Reading, normalising, blind indexes and encryption run on a worker thread (screening.prepare.ts);
 * this thread matches and writes, so requests keep being answered while a list imports.
 */

export const IMPORT_JOB = 'screening.import';
/**
 * Rows per batch (one transaction each) when the import paces itself — the default (screening.pace.ts):
 * each batch is sized from the last ones' measured transaction time to hold the database for about
 * `targetMs`, within [minRows, maxRows]. While a batch's transaction is open PGlite (one connection)
 * answers nothing else, and the batch's statements are built and its results parsed in synchronous
 * slices of the thread that answers requests: a request waits for at most about one batch. The price
 * is throughput: on a loaded machine the batches sit at minRows and their fixed cost is paid often
 * (bench/RESULTS.md, the 12:18 runs). `batchRows` (an upload parameter) fixes the batch instead, e.g.
 * for an installation that prefers throughput.
 */
export const PACE: PaceOptions = { targetMs: 20, minRows: 200, maxRows: 1000, startRows: 200 };
/**
 * Rows per batch of a `fast` import (the console's 尽快完成): fixed, the pacer's largest batch. Fewer
 * batches pay the per-batch cost (matching lock, import row, candidate reads, worker round trips,
 * commit) less often; on PGlite each holds the only connection for its whole length (bench/RESULTS.md).
 */
export const FAST_BATCH_ROWS = 1000;
/** How far down the header row is looked for (screening.prepare-worker.ts looks as far). */
const HEADER_SEARCH_ROWS = 20;
const NO_HEADER = `no column of ID numbers or phones in the first ${HEADER_SEARCH_ROWS} rows: save the source's column mapping`;

/**
 * Rows matched between two turns of the event loop: matching runs on the thread that answers
 * requests, and a whole batch in one go would hold every other request back for its whole length.
 */
const ROWS_PER_TURN = 250;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How often a paced import writes its progress (the bar in the console; the lease is checked with it). */
const PROGRESS_EVERY_MS = 500;

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
  const imp = await repo.findImport(ctx.db, importId);
  if (!imp) return { status: 'missing', rowsRead: 0, accepted: 0, rejected: 0, matched: 0, created: 0, reviews: 0 };
  // The import's own choice (pace fast: fixed batches of batchRows); a job enqueued before imports kept it carries it in its payload.
  const fixedRows = imp.batchRows ?? run.payload.batchRows ?? options.batchRows;
  const pacer = new BatchPacer(fixedRows ? { targetMs: PACE.targetMs, minRows: Number(fixedRows), maxRows: Number(fixedRows), startRows: Number(fixedRows) } : PACE);
  const maxRows = fixedRows ? Number(fixedRows) : PACE.maxRows;
  if (imp.status === 'succeeded' || imp.status === 'cancelled') return { status: imp.status, ...countersOf(imp) };
  const source = await repo.findSource(ctx.db, imp.sourceId);
  if (!source) throw new Error(`screening import ${importId}: source ${imp.sourceId} is gone`);
  const rules = (await repo.listDispatchRules(ctx.db)) as DispatchRule[];
  const file = await openListFile(ctx, imp.fileId);
  await repo.updateImport(ctx.db, importId, { status: 'running', encoding: file.encoding, error: null });

  let batch: PreparedRow[] = [];
  let bytesRead = 0;
  let counters = countersOf(imp);
  /** How the batches held the database (logged at the end: how the import paced itself). */
  const pace = { batches: 0, heldMs: 0, maxHeldMs: 0 };
  let progressAt = 0;
  const importedAt = imp.createdAt;
  const prep = ImportPreparer.start(ctx, {
    storageRoot: file.storageRoot,
    storageKey: file.storageKey,
    format: file.format,
    encoding: file.encoding,
    columnMapping: source.columnMapping ?? {},
    defaultDivision: source.defaultDivision ?? null,
    afterLine: imp.line,
    windowRows: maxRows,
  });

  /**
   * Writes one prepared batch in its own transaction (its rows, the counters and the checkpoint together).
   * The batch is planned first, with no transaction open: its candidates read, their names decrypted,
   * its rows matched, the person fields it sets encrypted and its statements built. The transaction then
   * only takes the matching lock, reads the candidates again and — when they are what the plan saw,
   * as they are unless another writer changed one of these persons meanwhile — runs the statements;
   * otherwise the batch is planned again inside the transaction, under the lock. So the database (PGlite
   * has one connection: every request waits while a transaction is open) is held for the batch's SQL
   * only, not for its matching and the worker round trips.
   */
  const write = async (rowsOfBatch: PreparedRow[], bytes: number): Promise<'go' | 'cancelled'> => {
    let taskRegions: string[] = [];
    const input = { importId, source, rules, importedAt };
    const planned = await planBatch(ctx.db, prep, { ...input, rows: rowsOfBatch });
    let heldSince = 0;
    let written = 0;
    const outcome = await ctx.db.transaction(async (tx) => {
      heldSince = performance.now();
      await repo.lockMatching(tx);
      const current = await repo.lockImport(tx, importId);
      if (!current) return 'cancelled' as const;
      if (current.cancelRequested) return 'cancelled' as const;
      // Rows another attempt already committed (a takeover after a lost lease) are not written twice.
      const fresh = rowsOfBatch.filter((r) => r.line > current.line);
      if (fresh.length === 0) return 'go' as const;
      let plan = planned;
      if (fresh.length !== rowsOfBatch.length) plan = await planBatch(tx, prep, { ...input, rows: fresh });
      else {
        const now = await repo.findCandidates(tx, plan.documentIndexes, plan.phoneIndexes);
        if (!sameCandidates(plan.candidates, now)) plan = await planBatch(tx, prep, { ...input, rows: fresh }, now);
      }
      const result = plan.counts;
      const next = {
        rowsRead: current.rowsRead + fresh.length,
        accepted: current.accepted + result.accepted,
        rejected: current.rejected + result.rejected,
        matched: current.matched + result.matched,
        created: current.created + result.created,
        reviews: current.reviews + result.reviews,
      };
      // The batch's rows and the import's counters and checkpoint: one statement, one round trip.
      await tx.execute(repo.batchStatement([...plan.statements, repo.updateImportSql(tx, importId, { ...next, line: fresh[fresh.length - 1].line })]));
      counters = next;
      taskRegions = plan.taskRegions;
      written = fresh.length;
      return 'go' as const;
    });
    // How long the batch held the database (PGlite: every request's query waited that long at most).
    if (written > 0) {
      const held = performance.now() - heldSince;
      pacer.observe(written, held);
      pace.batches++;
      pace.heldMs += held;
      pace.maxHeldMs = Math.max(pace.maxHeldMs, held);
    }
    tasksChanged(ctx, taskRegions);
    // Paced batches are small and many: their progress (a write of the job's row, and its stream) is
    // written at most every PROGRESS_EVERY_MS; a fixed batch size writes it after every batch.
    if (fixedRows || performance.now() - progressAt >= PROGRESS_EVERY_MS) {
      progressAt = performance.now();
      await run.progress(kib(bytes), kib(file.size), JSON.stringify(counters));
    }
    return outcome;
  };

  // Pipelined: while one batch is written (the database works on its own thread or server), the worker
  // prepares the next. Only one batch is ever in flight, and batches commit in order.
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
    // The batch that just committed may have resized the next one: what is beyond it waits for the one after.
    const rowsOfBatch = batch.length > pacer.rows ? batch.splice(0, pacer.rows) : batch;
    if (rowsOfBatch === batch) batch = [];
    inFlight = write(rowsOfBatch, bytesRead);
    // Handled when settled; marked here so a failure while the next batch is read is not "unhandled".
    inFlight.catch(() => {});
    // The worker may now prepare the next batch (it is never more than one batch ahead).
    prep.release(rowsOfBatch.length);
    return 'go';
  };
  const cancelled = async () => {
    await repo.updateImport(ctx.db, importId, { status: 'cancelled', finishedAt: new Date() });
    return { status: 'cancelled', ...counters };
  };

  try {
    for await (const chunk of prep.read()) {
      bytesRead = chunk.bytes;
      // The worker skips the rows an earlier attempt committed (afterLine).
      for (const row of chunk.rows) {
        batch.push(row);
        if (batch.length >= pacer.rows) {
          if (run.signal.aborted) throw run.signal.reason ?? new Error('aborted');
          if ((await dispatchBatch()) === 'cancelled') return await cancelled();
        }
      }
    }
    if (!prep.headerFound) {
      // Nothing to retry: the file or the source's mapping has to change.
      await repo.updateImport(ctx.db, importId, { status: 'failed', finishedAt: new Date(), error: NO_HEADER });
      return { status: 'failed', ...counters };
    }
    while (batch.length > 0) if ((await dispatchBatch()) === 'cancelled') return await cancelled();
    if ((await settle()) === 'cancelled') return await cancelled();
  } catch (err) {
    await settle().catch(() => {});
    // The job is retried from the checkpoint; the import says why it stopped meanwhile, and is failed
    // with the job's last attempt (uploading the file again resumes it).
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    const last = run.attempt >= IMPORT_MAX_ATTEMPTS;
    await repo.updateImport(ctx.db, importId, { error, ...(last ? { status: 'failed', finishedAt: new Date() } : {}) }).catch(() => {});
    throw err;
  } finally {
    await prep.close();
  }
  await repo.updateImport(ctx.db, importId, { status: 'succeeded', finishedAt: new Date(), error: null });
  ctx.log.info(
    { importId, batches: pace.batches, meanRows: pace.batches ? Math.round(counters.rowsRead / pace.batches) : 0, meanHeldMs: pace.batches ? Math.round(pace.heldMs / pace.batches) : 0, maxHeldMs: Math.round(pace.maxHeldMs), nextRows: pacer.rows },
    'screening import: batches and how long each held the database',
  );
  await run.progress(kib(file.size), kib(file.size), JSON.stringify(counters));
  return { status: 'succeeded', ...counters };
}

function countersOf(imp: repo.ImportRow): ImportCounters {
  return { rowsRead: imp.rowsRead, accepted: imp.accepted, rejected: imp.rejected, matched: imp.matched, created: imp.created, reviews: imp.reviews };
}

interface BatchInput {
  importId: string;
  source: repo.SourceRow;
  rules: DispatchRule[];
  rows: PreparedRow[];
  importedAt: Date;
}

type AcceptedRow = Extract<PreparedRow, { ok: true }>;

/** A batch matched and ready to write: its statements, its counters, and the candidates it was matched against. */
interface BatchPlan {
  statements: SQL[];
  counts: { accepted: number; rejected: number; matched: number; created: number; reviews: number };
  taskRegions: string[];
  documentIndexes: string[];
  phoneIndexes: string[];
  /** Each candidate person as the plan read it (id → every column), to see whether it still holds. */
  candidates: Map<string, string>;
}

/** A person row as text (every column), to compare two reads of it. */
const rowText = (row: repo.PersonRow) => JSON.stringify(row);

/** Whether a fresh read of a batch's candidates is what its plan was matched against (same persons, no column changed, none added). */
function sameCandidates(planned: Map<string, string>, now: repo.PersonRow[]): boolean {
  if (planned.size !== now.length) return false;
  return now.every((row) => planned.get(row.id) === rowText(row));
}

/**
 * Matches one prepared batch and builds its statements (a constant number). Reads through `db` (the
 * database, or the batch's transaction when a plan is made again under the matching lock); writes
 * nothing. `existing`: the candidates already read.
 */
async function planBatch(db: DbOrTx, crypto: ImportPreparer, input: BatchInput, existing?: repo.PersonRow[]): Promise<BatchPlan> {
  const { importId, source, rules, rows, importedAt } = input;
  const rejected: (typeof import('./screening.tables.ts').screeningRejectedRows.$inferInsert)[] = [];
  const accepted: AcceptedRow[] = [];
  for (const row of rows) {
    if (row.ok) accepted.push(row);
    else rejected.push({ importId, line: row.line, reason: row.reason, rawCipher: row.rawCipher });
  }

  // Everyone the batch could be about, in one read.
  const documentIndexes = [...new Set(accepted.map((a) => a.documentIndex).filter((x): x is string => !!x))];
  const phoneIndexes = [...new Set(accepted.map((a) => a.phoneIndex).filter((x): x is string => !!x))];
  existing ??= await repo.findCandidates(db, documentIndexes, phoneIndexes);
  const candidates = new Map(existing.map((row) => [row.id, rowText(row)]));
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
  const names = await crypto.decryptMany(existing.map((row) => row.nameCipher ?? null));
  existing.forEach((row, i) => {
    const p: WorkingPerson = { row: { ...row }, name: names[i], isNew: false, changed: false };
    pool.set(row.id, p);
    index(p);
  });
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
  const toEncrypt = new PendingCiphers();
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
    const prov: FieldProvenance = { sourceId: source.id, importId, at: reportedAt.toISOString(), trust: source.trust };
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
          importId,
          regionCode: a.record.residenceDivision ?? candidate.row.residenceDivision ?? a.record.householdDivision ?? '',
        });
      }
    }
    applyRecord(toEncrypt, person, a, prov);
    index(person);
    if (reportedAt < (person.row.firstReportedAt as Date)) {
      person.row.firstReportedAt = reportedAt;
      person.row.firstSourceId = source.id;
      person.changed = true;
    }
    reports.push({
      personId: person.row.id,
      sourceId: source.id,
      importId,
      line: a.line,
      reportedAt,
      division: a.record.residenceDivision ?? a.record.householdDivision,
      valuesCipher: a.valuesCipher,
      matchedBy: decision.kind === 'match' ? decision.by : decision.kind,
    });
  }

  // The person fields this batch set, encrypted on the worker thread in one round trip.
  await toEncrypt.fill(crypto);
  const fresh = [...pool.values()].filter((p) => p.isNew);
  const changed = [...pool.values()].filter((p) => !p.isNew && p.changed);
  const now = new Date();
  const tasks = fresh.flatMap((p) => {
    const d = dispatchFor({ residenceDivision: p.row.residenceDivision ?? null, householdDivision: p.row.householdDivision ?? null }, source, rules);
    if (!d) return [];
    return [{ personId: p.row.id, regionCode: d.regionCode, status: 'open', dispatchedAt: now, ...deadlines(now, d) }];
  });
  const statements = repo.importBatchSql({ persons: fresh.map((p) => personInsert(p.row)), changed: changed.map((p) => p.row), reports, reviews, rejected, tasks });
  return {
    statements,
    counts: { accepted: accepted.length, rejected: rejected.length, matched, created, reviews: reviews.length },
    taskRegions: [...new Set(tasks.map((t) => t.regionCode))],
    documentIndexes,
    phoneIndexes,
    candidates,
  };
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

type CipherColumn = 'nameCipher' | 'documentNumberCipher' | 'phoneCipher' | 'addressCipher' | 'originCipher';
/** What a cipher column holds until the batch's ciphertexts come back from the worker (truthy: "has a value"). */
const PENDING_CIPHER = 'pending-encryption';

/**
 * The person fields a batch sets, in clear until the batch's matching is done; then encrypted on the
 * worker thread in one round trip. A field set twice in a batch is encrypted once (its last value).
 */
class PendingCiphers {
  private readonly byPerson = new Map<WorkingPerson, Map<CipherColumn, string>>();

  set(p: WorkingPerson, column: CipherColumn, plain: string): void {
    let fields = this.byPerson.get(p);
    if (!fields) this.byPerson.set(p, (fields = new Map()));
    fields.set(column, plain);
    p.row[column] = PENDING_CIPHER;
  }

  async fill(crypto: ImportPreparer): Promise<void> {
    const slots: [WorkingPerson, CipherColumn][] = [];
    const plains: string[] = [];
    for (const [p, fields] of this.byPerson) {
      for (const [column, plain] of fields) {
        slots.push([p, column]);
        plains.push(plain);
      }
    }
    const ciphers = await crypto.encryptMany(plains);
    if (ciphers.length !== plains.length) throw new Error("the import's worker thread answered the wrong number of ciphertexts");
    slots.forEach(([p, column], i) => (p.row[column] = ciphers[i]));
    this.byPerson.clear();
  }
}

/** Puts a record's values into a person where the source may set them, remembering who said what when. */
function applyRecord(ciphers: PendingCiphers, p: WorkingPerson, a: AcceptedRow, prov: FieldProvenance): void {
  const { record: r, documentIndex, phoneIndex } = a;
  // Each field is encrypted when (and only when) it is written to the person: once per person and field, not once per report.
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
    ciphers.set(p, 'nameCipher', r.name!);
    p.name = r.name;
  });
  // The ID number is set once: a person's ID is what identified them (a different ID is another person).
  if (r.idNumber && !p.row.documentIndex) {
    p.row.documentType = 'resident_id';
    ciphers.set(p, 'documentNumberCipher', r.idNumber);
    p.row.documentIndex = documentIndex;
    p.row.birthDate = r.birthDate;
    p.row.sex = r.sex;
    provenance.document = prov;
    p.changed = true;
  }
  set('phone', r.phone, !!p.row.phoneIndex, () => {
    if (p.row.phoneIndex === phoneIndex) return;
    ciphers.set(p, 'phoneCipher', r.phone!);
    p.row.phoneIndex = phoneIndex;
  });
  set('residenceDivision', r.residenceDivision, !!p.row.residenceDivision, () => (p.row.residenceDivision = r.residenceDivision));
  set('householdDivision', r.householdDivision, !!p.row.householdDivision, () => (p.row.householdDivision = r.householdDivision));
  set('address', r.address, !!p.row.addressCipher, () => ciphers.set(p, 'addressCipher', r.address!));
  set('origin', r.origin, !!p.row.originCipher, () => ciphers.set(p, 'originCipher', r.origin!));
  set('arrivalDate', r.arrivalDate, !!p.row.arrivalDate, () => (p.row.arrivalDate = r.arrivalDate));
  p.row.provenance = provenance;
}
