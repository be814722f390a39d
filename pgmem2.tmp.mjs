import { PGlite } from '@electric-sql/pglite';
import { mkdtempSync, existsSync } from 'node:fs';
const [dir, ...extra] = process.argv.slice(2);
const rss = () => Math.round(process.memoryUsage().rss / 2**20);
const mu = () => { const m = process.memoryUsage(); return `rss ${rss()} ab ${Math.round(m.arrayBuffers/2**20)} ext ${Math.round(m.external/2**20)} heap ${Math.round(m.heapUsed/2**20)}`; };
const opts = {};
const im = extra.find((e) => e.startsWith('im=')); if (im) opts.initialMemory = Number(im.slice(3)) * 2**20;
const params = extra.filter((e) => !e.startsWith('im='));
if (params.length) opts.startParams = [...PGlite.defaultStartParams, ...params.flatMap((e) => ['-c', e])];
const fresh = !existsSync(dir + '/PG_VERSION');
const db = await PGlite.create(dir, opts);
console.log(fresh ? 'fresh' : 'reopen', mu());
if (globalThis.gc) { gc(); console.log('after gc', mu()); }
await db.close();
