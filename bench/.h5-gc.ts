import { runRound, startProjectServer } from './harness.ts';
import { scenario } from './scenarios/scan.ts';
const project = await startProjectServer({ logLevel: 'warn', databaseUrl: process.argv[2] });
try {
  const spec = await scenario.prepare(project);
  const before = await (await fetch(project.url + '/metrics')).text();
  const r = await runRound(project.url, spec, { connections: 50, durationSec: 5 });
  console.log(JSON.stringify(r));
  const after = await (await fetch(project.url + '/metrics')).text();
  console.log(before.split('\n').filter((l) => l.startsWith('fx_group_commit')).join('\n'));
  console.log(after.split('\n').filter((l) => l.startsWith('fx_group_commit')).join('\n'));
} finally {
  await project.stop();
}
