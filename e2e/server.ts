// Starts the real server for the browser tests on a fresh embedded database with demo data.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.FX_DATA_DIR = mkdtempSync(join(tmpdir(), 'fangxian-e2e-'));
process.env.FX_SEED_DEMO = 'true';
process.env.NODE_ENV = 'development';
// Every citizen of the browser tests asks for a sign-in code from 127.0.0.1: the suite signs in more
// than the default 30 an hour from one address (FX_OTP_PER_IP_HOURLY).
process.env.FX_OTP_PER_IP_HOURLY ??= '1000';
process.env.FX_PUBLIC_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3900}`;
await import('../apps/server/src/main.ts');
