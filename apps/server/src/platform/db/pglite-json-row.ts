import type { PGlite } from '@electric-sql/pglite';

const encoder = new TextEncoder();

function message(type: string, parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(5 + length);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + length);
  let at = 5;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
const cstring = (s: string) => encoder.encode(`${s}\0`);
const int16 = (n: number) => new Uint8Array([(n >> 8) & 0xff, n & 0xff]);
const int32 = (n: number) => new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Extended-protocol Parse of a named statement (parameter types inferred by the server). */
const parseMessage = (name: string, text: string) => message('P', [cstring(name), cstring(text), int16(0)]);
/** Bind of the named statement to the unnamed portal, all parameters and results in text format. */
function bindMessage(name: string, params: string[]): Uint8Array {
  const parts = [cstring(''), cstring(name), int16(0), int16(params.length)];
  for (const p of params) {
    const bytes = encoder.encode(p);
    parts.push(int32(bytes.length), bytes);
  }
  parts.push(int16(0));
  return message('B', parts);
}
const EXECUTE_SYNC = concat([message('E', [cstring(''), int32(0)]), message('S', [])]);

const parsedNames = new WeakMap<PGlite, Set<string>>();

/**
 * Runs a named statement that selects one JSON value as text, parsed once per database (Parse only
 * the first time, then Bind + Execute + Sync in one call into the WebAssembly Postgres); the JSON
 * text of the first row, or null. See prepared-json.ts.
 */
export function runJsonRow(client: PGlite, name: string, text: string, params: string[]): Promise<string | null> {
  let parsed = parsedNames.get(client);
  if (!parsed) parsedNames.set(client, (parsed = new Set()));
  const names = parsed;
  // The same locks PGlite's own query() takes, so the statement never runs inside another caller's open transaction.
  return client._runExclusiveTransaction(() =>
    client._runExclusiveQuery(async () => {
      const bind = concat([...(names.has(name) ? [] : [parseMessage(name, text)]), bindMessage(name, params), EXECUTE_SYNC]);
      // Read-only statement: nothing to flush to the file system afterwards. Errors throw (after Sync, so the session stays usable).
      const { messages } = await client.execProtocol(bind, { syncToFs: false });
      names.add(name);
      for (const m of messages) {
        if (m.name === 'dataRow') return (m as unknown as { fields: (string | null)[] }).fields[0];
      }
      return null;
    }),
  );
}
