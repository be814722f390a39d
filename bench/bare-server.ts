import Fastify from 'fastify';
import { BASELINE_BODY } from './baseline-body.ts';

// The baseline: a bare Fastify endpoint answering every GET and POST with a small JSON body of
// about the size of /api/me, with no database, no auth, no hooks. Started by the harness as its
// own process, like the project server.
const app = Fastify({ logger: false });
const body = BASELINE_BODY;
app.get('/*', async () => body);
app.post('/*', async () => body);
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`bare server ready on ${(app.server.address() as { port: number }).port}`);
