import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
const dir = mkdtempSync(join(tmpdir(), 'fx-crash-'));
const child = spawn(process.execPath, ['bench/.h5-crash-child.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
let last = 0; let buf = '';
await new Promise<void>((resolve) => {
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n'); buf = lines.pop()!;
    for (const l of lines) if (l.startsWith('ack ')) last = Number(l.slice(4));
    if (last >= 1000) { child.kill('SIGKILL'); resolve(); }
  });
});
await new Promise((r) => child.once('exit', r));
const db = await PGlite.create(dir);
const { rows } = await db.query<{ n: number; m: number }>('select count(*)::int n, coalesce(max(id),0)::int m from t');
console.log('acked', last, 'stored', rows[0]);
