import { Worker } from 'node:worker_threads';
import type { AppContext } from '../../platform/http/context.ts';
import type { BlindIndex, CipherKeys, FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { normaliseRow, type resolveColumns, type ScreeningRecord } from './screening.rows.ts';
import type { SheetRow } from './screening.readers.ts';
import type { ListFormat } from './screening.readers.ts';

/**
 * The import's CPU work off the thread that answers requests: a worker thread reads the uploaded list
 * (CSV or XLSX), normalises each row, computes its blind indexes and encrypts what the report and the
 * rejected rows keep (screening.prepare-worker.ts); it also encrypts the person fields a batch sets
 * and decrypts the candidates' names for matching. The server's thread only matches (map look-ups)
 * and writes.
 *
 * Flow: the worker posts prepared rows in chunks, in file order, and never has more than one batch
 * (`windowRows`) posted that the import has not yet handed to a transaction (`release`); so while one
 * batch is written, the next is prepared — the same pipeline as before, one batch in flight, batches
 * committed in order, and a crash still leaves whole batches only (the worker writes nothing).
 *
 * Keys: the FieldCipher's and BlindIndex's KeyObjects go to the worker in workerData (cloned into its
 * thread by Node; never serialised as text, never logged).
 */

/** A row read, normalised and encrypted ahead of its batch's transaction. */
export type PreparedRow =
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

export type RowContext = Parameters<typeof normaliseRow>[2];

/** Normalises one row and computes its blind indexes and the report's ciphertext (pure CPU, no database). */
export function prepareRow(cipher: FieldCipher, blindIndex: BlindIndex, row: SheetRow, columns: ReturnType<typeof resolveColumns>, rowContext: RowContext): PreparedRow {
  const verdict = normaliseRow(row.cells, columns, rowContext);
  if (!verdict.ok) return { line: row.line, ok: false, reason: verdict.reason, rawCipher: cipher.encrypt(JSON.stringify(row.cells)) };
  const r = verdict.record;
  return {
    line: row.line,
    ok: true,
    record: r,
    documentIndex: r.idNumber ? blindIndex.of('id', r.idNumber) : null,
    phoneIndex: r.phone ? blindIndex.of('phone', r.phone) : null,
    // The person's own field ciphertexts are made only when the row sets a field on the person
    // (the import's applyRecord, through encryptMany): a row matching someone known mostly sets nothing new.
    valuesCipher: cipher.encrypt(JSON.stringify(r)),
  };
}

/** What the worker is asked to read. */
export interface PrepareSpec {
  /** The file store's root and the list's storage key (LocalDiskStorage). */
  storageRoot: string;
  storageKey: string;
  format: ListFormat;
  encoding: string;
  columnMapping: Record<string, string>;
  defaultDivision: string | null;
  /** Rows up to this line were committed by an earlier attempt: skipped. */
  afterLine: number;
  /** At most this many rows posted and not yet released (one batch). */
  windowRows: number;
}

export type ToWorker =
  | { kind: 'open'; spec: PrepareSpec }
  | { kind: 'release'; rows: number }
  | { kind: 'encrypt' | 'decrypt'; id: number; values: (string | null)[] };

export type FromWorker =
  | { kind: 'rows'; rows: PreparedRow[]; bytes: number }
  | { kind: 'end'; bytes: number; header: boolean }
  | { kind: 'failed'; message: string }
  | { kind: 'crypto'; id: number; values: (string | null)[] }
  | { kind: 'crypto-failed'; id: number; message: string };

export interface PrepareWorkerData {
  keys: CipherKeys;
}

/**
 * The worker's entry: from source (tests, `node src/main.ts`) the .ts file next to this one; from the
 * bundle (`npm start`) the entry build.ts writes beside every other output file in dist/.
 */
export const PREPARE_WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('./screening.prepare-worker.ts', import.meta.url)
  : new URL('./screening-prepare-worker.js', import.meta.url);

/**
 * The worker's heap is bounded: it holds the division directory, the reader's buffers and at most
 * two batches of prepared rows (the one posted and the one being prepared); a runaway fails the
 * import's attempt (retried from its checkpoint) instead of growing the server.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 };

/** A chunk of prepared rows and how far into the file the worker had read when it was posted. */
export interface PreparedChunk {
  rows: PreparedRow[];
  bytes: number;
}

/**
 * A worker left idle by a finished import is kept this long for the next one (a worker's start loads
 * the readers and builds the division directory: seconds on a loaded machine), then stopped: an idle
 * server carries no import thread.
 */
const IDLE_WORKER_MS = 30_000;

/** One idle worker per app (its keys are the app's). */
const idleWorkers = new WeakMap<AppContext, { worker: Worker; timer: NodeJS.Timeout }>();

/** The server's side of one import's worker. */
export class ImportPreparer {
  private readonly ctx: AppContext;
  private readonly worker: Worker;
  private readonly chunks: PreparedChunk[] = [];
  private wake: (() => void) | null = null;
  private ended: { bytes: number; header: boolean } | null = null;
  private failure: Error | null = null;
  private closed = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: (string | null)[]) => void; reject: (e: Error) => void }>();
  private readonly onMessageBound = (msg: FromWorker) => this.onMessage(msg);
  private readonly onErrorBound = (err: Error) => this.fail(err);
  private readonly onExitBound = (code: number) => {
    if (!this.closed) this.fail(new Error(`the import's worker thread exited (${code})`));
  };

  private constructor(ctx: AppContext, worker: Worker) {
    this.ctx = ctx;
    this.worker = worker;
    worker.on('message', this.onMessageBound);
    worker.on('error', this.onErrorBound);
    worker.on('exit', this.onExitBound);
  }

  /** Starts reading one list on a worker (the app's idle one, or a new one). */
  static start(ctx: AppContext, spec: PrepareSpec): ImportPreparer {
    const idle = idleWorkers.get(ctx);
    idleWorkers.delete(ctx);
    let worker: Worker;
    if (idle) {
      clearTimeout(idle.timer);
      idle.worker.removeAllListeners('exit');
      idle.worker.removeAllListeners('error');
      idle.worker.ref();
      worker = idle.worker;
    } else {
      const keys: CipherKeys = { cipher: ctx.cipher.cipher, dataKeys: ctx.cipher.keyObjects(), blindIndexKey: ctx.blindIndex.keyObject() };
      worker = new Worker(PREPARE_WORKER_URL, { workerData: { keys } satisfies PrepareWorkerData, resourceLimits: WORKER_LIMITS });
    }
    const preparer = new ImportPreparer(ctx, worker);
    preparer.post({ kind: 'open', spec });
    return preparer;
  }

  private post(msg: ToWorker): void {
    if (!this.closed) this.worker.postMessage(msg);
  }

  private onMessage(msg: FromWorker): void {
    switch (msg.kind) {
      case 'rows':
        this.chunks.push({ rows: msg.rows, bytes: msg.bytes });
        break;
      case 'end':
        this.ended = { bytes: msg.bytes, header: msg.header };
        break;
      case 'failed':
        this.fail(new Error(msg.message));
        return;
      case 'crypto':
      case 'crypto-failed': {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.kind === 'crypto') p?.resolve(msg.values);
        else p?.reject(new Error(msg.message));
        return;
      }
    }
    this.wake?.();
  }

  private fail(err: Error): void {
    if (this.failure || this.closed) return;
    this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.wake?.();
  }

  /** The prepared rows in file order, chunk by chunk (ends at the end of the file; throws what the worker hit). */
  async *read(): AsyncGenerator<PreparedChunk> {
    for (;;) {
      if (this.failure) throw this.failure;
      const chunk = this.chunks.shift();
      if (chunk) {
        yield chunk;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  /** Whether the file had a header row (known once read() has ended). */
  get headerFound(): boolean {
    return this.ended?.header ?? false;
  }

  /** Marks rows as handed to a transaction: the worker may prepare that many more. */
  release(rows: number): void {
    this.post({ kind: 'release', rows });
  }

  private crypto(kind: 'encrypt' | 'decrypt', values: (string | null)[]): Promise<(string | null)[]> {
    if (values.length === 0) return Promise.resolve([]);
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error("the import's worker thread is closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ kind, id, values });
    });
  }

  /** Encrypts values (null stays null) on the worker thread, in order. */
  encryptMany(values: (string | null)[]): Promise<(string | null)[]> {
    return this.crypto('encrypt', values);
  }

  /** Decrypts ciphertexts (null stays null) on the worker thread, in order. */
  decryptMany(values: (string | null)[]): Promise<(string | null)[]> {
    return this.crypto('decrypt', values);
  }

  /**
   * Ends this import's use of the worker: kept idle for the next import when it read its list to the
   * end and nothing failed; stopped otherwise (cancel, failure: it may still be reading).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error("the import's worker thread is closed"));
    this.pending.clear();
    this.worker.off('message', this.onMessageBound);
    this.worker.off('error', this.onErrorBound);
    this.worker.off('exit', this.onExitBound);
    if (this.ended && !this.failure && this.chunks.length === 0 && !idleWorkers.has(this.ctx)) {
      const worker = this.worker;
      worker.unref();
      worker.on('error', () => {}); // an idle worker's failure is nobody's: it is simply not reused
      worker.once('exit', () => {
        if (idleWorkers.get(this.ctx)?.worker === worker) idleWorkers.delete(this.ctx);
      });
      const timer = setTimeout(() => {
        if (idleWorkers.get(this.ctx)?.worker === worker) idleWorkers.delete(this.ctx);
        void worker.terminate();
      }, IDLE_WORKER_MS);
      timer.unref();
      idleWorkers.set(this.ctx, { worker, timer });
      return;
    }
    await this.worker.terminate();
  }
}
