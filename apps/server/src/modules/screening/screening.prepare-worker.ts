import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { Transform } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { BlindIndex, FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { LocalDiskStorage } from '../../platform/files/files.storage.ts';
import { listRows } from './screening.readers.ts';
import { resolveColumns } from './screening.rows.ts';
import { screeningDivisions } from './screening.divisions.ts';
import { prepareRow, type FromWorker, type PrepareSpec, type PreparedRow, type PrepareWorkerData, type ToWorker } from './screening.prepare.ts';

/**
 * The import's worker thread (screening.prepare.ts): reads one list, prepares its rows and posts them
 * in chunks, in order, never more than one batch ahead of what the import has handed to a transaction;
 * between chunks it answers the import's encrypt/decrypt requests. It writes nothing anywhere.
 * A second entry point of the server bundle (build.ts).
 */

/** Rows per message (and between two turns of this thread's event loop, so crypto requests are answered quickly). */
const CHUNK_ROWS = 250;
/**
 * Rows prepared between two turns of this thread's event loop inside a chunk: the import's encrypt and
 * decrypt requests (the batch it is planning waits for them) are answered after at most this many rows'
 * work, not a whole chunk's.
 */
const TURN_ROWS = 50;
/** How far down the header row is looked for (the same as the import's message). */
const HEADER_SEARCH_ROWS = 20;

const port = parentPort!;
const { keys } = workerData as PrepareWorkerData;
const cipher = new FieldCipher(keys.dataKeys, keys.cipher);
const blindIndex = new BlindIndex(keys.blindIndexKey, keys.cipher);

/**
 * This thread runs at a lower scheduling priority than the rest of the server (nice +10, Linux): on a
 * busy machine the thread that answers requests — and PGlite's — get the cores first, and the
 * import's reading, normalising and encryption take what is left. Linux schedules threads on their
 * own: setpriority on this thread's id (from /proc/thread-self) changes this thread only. Elsewhere,
 * or when not allowed, the thread keeps the server's priority.
 */
const IMPORT_THREAD_NICE = 10;
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, IMPORT_THREAD_NICE);
} catch {
  /* not Linux, or not allowed: the default priority */
}

const send = (msg: FromWorker) => port.postMessage(msg);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

let released = 0;
let wakeCredit: (() => void) | null = null;

port.on('message', (msg: ToWorker) => {
  switch (msg.kind) {
    case 'open':
      // A worker is reused only after its previous list was read to the end: nothing of it is running.
      released = 0;
      read(msg.spec).catch((err: unknown) => send({ kind: 'failed', message: (err instanceof Error ? err.message : String(err)).slice(0, 500) }));
      return;
    case 'release':
      released += msg.rows;
      wakeCredit?.();
      return;
    case 'encrypt':
    case 'decrypt':
      try {
        const values = msg.kind === 'encrypt' ? msg.values.map((v) => cipher.encrypt(v)) : msg.values.map((v) => cipher.decrypt(v));
        send({ kind: 'crypto', id: msg.id, values });
      } catch (err) {
        send({ kind: 'crypto-failed', id: msg.id, message: err instanceof Error ? err.message : String(err) });
      }
      return;
  }
});

async function read(spec: PrepareSpec): Promise<void> {
  const file = new LocalDiskStorage(spec.storageRoot).open(spec.storageKey);
  let bytes = 0;
  // Counts the bytes that pass (the progress bar: bytes read of the file's size).
  const stream = file.pipe(
    new Transform({
      transform(data: Buffer, _enc, done) {
        bytes += data.length;
        done(null, data);
      },
    }),
  );
  file.on('error', (err) => stream.destroy(err));
  const rowContext = { divisions: screeningDivisions(), defaultDivision: spec.defaultDivision };
  let columns: ReturnType<typeof resolveColumns> | null = null;
  let posted = 0;
  let chunk: PreparedRow[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    send({ kind: 'rows', rows: chunk, bytes });
    posted += chunk.length;
    chunk = [];
    await nextTurn();
    // One batch ahead at most: wait until the import hands rows to a transaction.
    while (posted - released >= spec.windowRows) {
      await new Promise<void>((resolve) => (wakeCredit = resolve));
      wakeCredit = null;
    }
  };
  for await (const row of listRows(stream, spec.format, spec.encoding)) {
    if (columns === null) {
      // The header is the first row naming an ID or phone column; title rows above it are skipped.
      const found = resolveColumns(row.cells.map((c) => String(c ?? '')), spec.columnMapping);
      if (found.idNumber !== undefined || found.phone !== undefined) columns = found;
      else if (row.line >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    if (row.line <= spec.afterLine) continue;
    chunk.push(prepareRow(cipher, blindIndex, row, columns, rowContext));
    if (chunk.length % TURN_ROWS === 0) await nextTurn();
    // A chunk never crosses the window's edge, so the import's batch fills exactly at a release.
    if (chunk.length >= CHUNK_ROWS || posted + chunk.length - released >= spec.windowRows) await flush();
  }
  await flush();
  send({ kind: 'end', bytes, header: columns !== null });
}
