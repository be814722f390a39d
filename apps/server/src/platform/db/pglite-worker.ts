import { enableCompileCache } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { Transaction } from '@electric-sql/pglite';
import type { WorkerReply, WorkerRequest } from './pglite-protocol.ts';

// Same compile cache as the main thread (main.ts); PGlite's JavaScript is loaded after it is on.
enableCompileCache();
const { PGlite } = await import('@electric-sql/pglite');
const { runJsonRow } = await import('./pglite-json-row.ts');

/**
 * The embedded database's own thread (see pglite-proxy.ts): PGlite — PostgreSQL compiled to
 * WebAssembly — runs here, so its CPU time (a third of a scan's) is spent on another core instead
 * of blocking the event loop that serves HTTP. Requests arrive as messages and are answered in order;
 * notifications (LISTEN) are posted before the answer of the statement that committed them.
 */
const port = parentPort!;
const { dataDir, channels, settings } = workerData as { dataDir: string; channels: string[]; settings?: string[] };

// Memory settings (FX_PGLITE_SETTINGS, e.g. shared_buffers=16MB) as PostgreSQL -c parameters after PGlite's own.
const options = settings?.length ? { startParams: [...PGlite.defaultStartParams, ...settings.flatMap((s) => ['-c', s])] } : {};
const db = dataDir === 'memory' ? await PGlite.create(options) : await PGlite.create(dataDir, options);
for (const channel of channels) {
  await db.listen(channel, (payload) => port.postMessage({ notify: channel, payload } satisfies WorkerReply));
}

const transactions = new Map<number, { tx: Transaction; end: (commit: boolean) => void }>();

function reply(id: number, result: unknown): void {
  port.postMessage({ id, ok: true, result } satisfies WorkerReply);
}

function fail(id: number, err: unknown): void {
  const e = err as Record<string, unknown> & Error;
  // Own fields (code, detail, constraint, …) travel with the message: callers test err.code.
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(e ?? {})) {
    const v = e[key];
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) fields[key] = v;
  }
  port.postMessage({ id, ok: false, error: { name: e?.name ?? 'Error', message: e?.message ?? String(err), fields } } satisfies WorkerReply);
}

/** drizzle passes identity parsers (keep timestamps and dates as text); functions cannot be posted, so type ids come instead. */
function queryOptions(rowMode: 'array' | 'object' | undefined, rawTypes: number[] | undefined) {
  if (!rowMode && !rawTypes) return undefined;
  return {
    ...(rowMode ? { rowMode } : {}),
    ...(rawTypes ? { parsers: Object.fromEntries(rawTypes.map((t) => [t, (v: string) => v])) } : {}),
  };
}

let closed = false;

async function handle(msg: WorkerRequest): Promise<void> {
  try {
    if (closed) throw new Error('the database is closed');
    switch (msg.op) {
      case 'query': {
        const target = msg.txId ? transactions.get(msg.txId)?.tx : db;
        if (!target) throw new Error('transaction is over');
        const r = await target.query(msg.sql, msg.params, queryOptions(msg.rowMode, msg.rawTypes));
        reply(msg.id, { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows });
        return;
      }
      case 'exec': {
        const target = msg.txId ? transactions.get(msg.txId)?.tx : db;
        if (!target) throw new Error('transaction is over');
        const results = await target.exec(msg.sql);
        reply(msg.id, results.map((r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows })));
        return;
      }
      case 'begin': {
        let opened!: () => void;
        const ready = new Promise<void>((r) => (opened = r));
        const done = db
          .transaction(
            (tx) =>
              new Promise<void>((resolve, reject) => {
                transactions.set(msg.txId, { tx, end: (commit) => (commit ? resolve() : reject(new Error('rolled back'))) });
                opened();
              }),
          )
          .finally(() => transactions.delete(msg.txId));
        // Settles when the caller ends the transaction: COMMIT's outcome is the answer to 'end'.
        pendingEnds.set(msg.txId, done);
        await Promise.race([ready, done]);
        reply(msg.id, null);
        return;
      }
      case 'end': {
        const t = transactions.get(msg.txId);
        const done = pendingEnds.get(msg.txId);
        pendingEnds.delete(msg.txId);
        if (!t || !done) throw new Error('no such transaction');
        t.end(msg.commit);
        try {
          await done;
          reply(msg.id, null);
        } catch (err) {
          if (msg.commit) fail(msg.id, err);
          else reply(msg.id, null);
        }
        return;
      }
      case 'jsonRow': {
        reply(msg.id, await runJsonRow(db, msg.name, msg.sql, msg.params));
        return;
      }
      case 'close': {
        closed = true;
        await db.close();
        reply(msg.id, null);
        port.close();
        return;
      }
    }
  } catch (err) {
    fail(msg.id, err);
  }
}

const pendingEnds = new Map<number, Promise<void>>();
port.on('message', (msg: WorkerRequest) => void handle(msg));
port.postMessage({ ready: true } satisfies WorkerReply);
