import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create();
await db.exec('create table t (id uuid primary key, name text, c text); insert into t select gen_random_uuid(), md5(i::text), md5(i::text) from generate_series(1,1000) i');
const [{ id }] = (await db.query<{ id: string }>('select id from t limit 1')).rows;
async function time(label: string, fn: () => Promise<unknown>, n = 2000) {
  for (let i = 0; i < 200; i++) await fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(label.padEnd(40), ((performance.now() - t) / n * 1000).toFixed(0).padStart(6), 'µs/op');
}
await time('exec select 1', () => db.exec('select 1'));
await time('query select 1 (no params)', () => db.query('select 1'));
await time('query by id (param)', () => db.query('select name, c from t where id = $1', [id]));
await time('exec by id (literal)', () => db.exec(`select name, c from t where id = '${id}'`));
await time('tx insert', () => db.transaction(async (tx) => { await tx.query('insert into t values (gen_random_uuid(), $1, $2)', ['a', 'b']); }));
