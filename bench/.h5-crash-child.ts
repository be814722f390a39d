import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create(process.argv[2]);
await db.exec('create table if not exists t (id int primary key)');
console.log('ready');
for (let i = 1; ; i++) {
  await db.transaction(async (tx) => { await tx.query('insert into t values ($1)', [i]); });
  console.log(`ack ${i}`);
}
