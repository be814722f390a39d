import { Worker } from 'node:worker_threads';
import type { Results } from '@electric-sql/pglite';
import { PGLITE_WORKER_URL } from '../boot/paths.ts';
import type { WorkerReply, WorkerRequest } from './pglite-protocol.ts';

type Rows = Results<unknown>;
interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, unknown>;
}

/** An error raised by the database thread, with its own fields (code, detail, constraint…) restored. */
function rebuild(error: { name: string; message: string; fields: Record<string, unknown> }): Error {
  const err = new Error(error.message) as Error & Record<string, unknown>;
  err.name = error.name;
  Object.assign(err, error.fields);
  return err;
}

/** The statements of one open transaction, sent to the database thread under its id. */
export class PGliteProxyTransaction {
  private readonly proxy: PGliteProxy;
  readonly txId: number;
  constructor(proxy: PGliteProxy, txId: number) {
    this.proxy = proxy;
    this.txId = txId;
  }
  // Through runQuery/runExec, which carry the transaction id (the proxy's query/exec do not).
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.proxy.runQuery<T>(sql, params, options, this.txId);
  }
  exec(sql: string): Promise<Rows[]> {
    return this.proxy.runExec(sql, this.txId);
  }
}

/**
 * The embedded database as the server sees it: the subset of PGlite's API that drizzle and the
 * platform use (query, exec, transaction, listen, a prepared JSON read, close), answered by PGlite
 * running on its own thread (pglite-worker.ts). Why: PGlite executes PostgreSQL in WebAssembly
 * synchronously; in the server's thread every statement stopped all HTTP work, and on the scan hot
 * path the database was a third of the CPU. On its own thread it uses the machine's other core.
 *
 * Ordering: the thread answers requests in order and posts a statement's notifications before its
 * answer, so a change-feed listener has run by the time the writer's promise settles (the same
 * guarantee as in-process PGlite, which caches rely on).
 */
export class PGliteProxy {
  private readonly worker: Worker;
  private nextId = 1;
  private nextTx = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private failed: Error | null = null;
  private closed = false;

  private constructor(worker: Worker) {
    this.worker = worker;
  }

  /**
   * Starts the database thread on a data directory ('memory' for an in-memory database) and waits until it is open.
   * `settings`: PostgreSQL parameters (FX_PGLITE_SETTINGS, e.g. shared_buffers=16MB) passed at start.
   */
  static async open(dataDir: string, channels: readonly string[], settings: readonly string[] = []): Promise<PGliteProxy> {
    const worker = new Worker(PGLITE_WORKER_URL, { workerData: { dataDir, channels: [...channels], settings: [...settings] } });
    const proxy = new PGliteProxy(worker);
    await PGliteProxy.whenReady(worker);
    worker.on('message', (msg: WorkerReply) => proxy.onMessage(msg));
    worker.on('error', (err) => proxy.fail(err));
    worker.on('exit', (code) => proxy.fail(new Error(`the database thread exited (${code})`)));
    return proxy;
  }

  /** Waits for a database thread's `ready` (or its failure while opening). */
  private static whenReady(worker: Worker): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      const onExit = (code: number) => reject(new Error(`the database thread exited (${code}) while opening`));
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.on('message', function first(msg: WorkerReply) {
        if ('ready' in msg) {
          worker.off('message', first);
          worker.off('error', onError);
          worker.off('exit', onExit);
          resolve();
        }
      });
    });
  }

  private onMessage(msg: WorkerReply): void {
    if ('notify' in msg) {
      for (const l of this.listeners.get(msg.notify) ?? []) l(msg.payload);
      return;
    }
    if ('ready' in msg) return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(rebuild(msg.error));
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.failed = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private send<T>(request: Omit<WorkerRequest, 'id'>, closing = false): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed && !closing) return Promise.reject(new Error('the database is closed'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.runQuery<T>(sql, params, options);
  }

  exec(sql: string): Promise<Rows[]> {
    return this.runExec(sql);
  }

  /** A statement outside or (txId) inside an open transaction. */
  runQuery<T>(sql: string, params?: unknown[], options?: QueryOptions, txId?: number): Promise<Results<T>> {
    return this.send<Results<T>>({
      op: 'query',
      txId,
      sql,
      params,
      rowMode: options?.rowMode,
      // drizzle's parsers keep these types as text; the thread applies the same (functions cannot be posted).
      rawTypes: options?.parsers ? Object.keys(options.parsers).map(Number) : undefined,
    } as Omit<WorkerRequest, 'id'>);
  }

  runExec(sql: string, txId?: number): Promise<Rows[]> {
    return this.send<Rows[]>({ op: 'exec', txId, sql } as Omit<WorkerRequest, 'id'>);
  }

  /** Runs `work` in a transaction on the database thread: COMMIT when it resolves, ROLLBACK when it throws. */
  async transaction<T>(work: (tx: PGliteProxyTransaction) => Promise<T>): Promise<T> {
    const txId = this.nextTx++;
    await this.send({ op: 'begin', txId } as Omit<WorkerRequest, 'id'>);
    let result: T;
    try {
      result = await work(new PGliteProxyTransaction(this, txId));
    } catch (err) {
      await this.send({ op: 'end', txId, commit: false } as Omit<WorkerRequest, 'id'>).catch(() => {});
      throw err;
    }
    await this.send({ op: 'end', txId, commit: true } as Omit<WorkerRequest, 'id'>);
    return result;
  }

  /** The prepared JSON read of prepared-json.ts, run on the database thread. */
  jsonRow(name: string, sql: string, params: string[]): Promise<string | null> {
    return this.send<string | null>({ op: 'jsonRow', name, sql, params } as Omit<WorkerRequest, 'id'>);
  }

  /** Listens on a channel the thread was opened with (notifications arrive before the committing statement's answer). */
  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(callback);
    return async () => {
      set.delete(callback);
    };
  }

  /** Closes the database; statements sent afterwards, or still unanswered when the thread stops, are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (!this.failed) await this.send({ op: 'close' } as Omit<WorkerRequest, 'id'>, true);
    } finally {
      await this.worker.terminate();
      const gone = new Error('the database is closed');
      for (const p of this.pending.values()) p.reject(gone);
      this.pending.clear();
    }
  }
}
