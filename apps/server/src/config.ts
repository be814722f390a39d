import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Runtime configuration, read once from the environment and validated at boot. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** PostgreSQL server URL; when empty the embedded PGlite database under dataDir is used. */
  databaseUrl: string | null;
  dataDir: string;
  logLevel: string;
  /** 32-byte keys by id, for personal-field encryption; the first is used for new ciphertexts. */
  dataKeys: { id: string; key: Buffer }[];
  /** Key for blind indexes (keyed hashes of ID numbers and phones). */
  blindIndexKey: Buffer;
  cipher: 'aes-256-gcm' | 'sm4-ctr-hmac-sm3';
  seedDemo: boolean;
  /** Embedded database on its own thread (FX_PGLITE_THREAD, default true); false runs it in the server's thread. */
  pgliteThread: boolean;
  /**
   * PGlite's memory settings (FX_PGLITE_SETTINGS, comma-separated `name=value`: shared_buffers,
   * work_mem, maintenance_work_mem, temp_buffers, wal_buffers), passed to its PostgreSQL at start.
   * Default: none (PGlite's own: shared_buffers 128MB, resident in the process). shared_buffers=16MB
   * cuts the idle server's RSS by ≈ 120 MiB (bench/RESULTS.md, 2026-12-07 15:57; its effect on
   * throughput was not separable from the machine's load there).
   */
  pgliteSettings: string[];
  sessionTtlHours: number;
  otpTtlSeconds: number;
  /** Deployment-wide cap on one-time codes sent per hour (all phones, all instances): bounds the SMS bill under abuse. */
  otpHourlyCap: number;
  /**
   * One-time codes one client address may request per hour (default 30). Raise it where many
   * citizens share an address (a government intranet or a campus behind one NAT).
   */
  otpPerIpHourly: number;
  uploadMaxBytes: number;
  bodyLimitBytes: number;
  corsOrigins: string[];
  cookieSecure: boolean;
  /** Trust X-Forwarded-For for the client IP (FX_TRUST_PROXY, default false): only behind a load balancer that sets it. */
  trustProxy: boolean;
  /** The address people and QR codes reach this deployment at (FX_PUBLIC_URL, default http://localhost:PORT). */
  publicUrl: string;
  /**
   * Whether pages are served over TLS (FX_TLS; default: FX_PUBLIC_URL starts with https://). Only then
   * does the page CSP carry `upgrade-insecure-requests`: over plain HTTP on a LAN address that directive
   * makes the browser fetch every script as https, which fails and leaves the page blank.
   */
  servedOverTls: boolean;
  scanRetentionDays: number;
  /** A scan reported farther than this from the venue (metres) does not prove presence (FX_PRESENCE_RADIUS_METERS, default 1000). */
  presenceRadiusMeters: number;
  /**
   * One visit per person per venue per window (FX_DOOR_REPEAT_MINUTES, default 10): a second place-code
   * scan, or a second door check of the same person, at the same venue within it answers the first visit
   * as a repeat instead of recording another (door checks: at least the token's life). 0 turns it off.
   */
  doorRepeatMinutes: number;
  /** CJK font (TTC/OTF/TTF) for printable place-code posters (FX_CJK_FONT); when absent the poster routes answer 503. */
  cjkFontPath: string;
  /** Ed25519 or SM2 signing key (PEM) for health-code tokens; generated and stored in the database when empty. */
  codeSigningAlgorithm: 'ed25519' | 'sm2';
  /** Run the background job runner in this instance (FX_JOBS, on by default; off in tests unless a test starts one). */
  jobsEnabled: boolean;
  /** This deployment's issuer id in health-code tokens (other regions trust it by this id and its keys). */
  codeIssuer: string;
  /** Lifetime of a health-code QR token, in minutes. */
  codeTokenTtlMinutes: number;
  /** Longest lifetime (exp − iat, minutes) accepted on another issuer's token (FX_TRUSTED_TOKEN_MAX_MINUTES, default: our own FX_CODE_TOKEN_TTL_MINUTES). */
  trustedTokenMaxMinutes: number;
  /** Other regions' issuers whose tokens verify offline (mutual recognition), from FX_TRUSTED_ISSUERS. */
  trustedIssuers: TrustedIssuerConfig[];
  /** Seconds between sweeps that recompute health codes whose timed rules expired; 0 disables the timer. */
  healthCodeSweepSeconds: number;
  /**
   * Back-pressure of long recomputations (the risk-area job, the sweep, dry runs): after each batch
   * they rest this percentage of the batch's time (FX_JOB_REST_PERCENT, default 0; platform/jobs
   * JobPacer). Within a batch they always yield the event loop every few milliseconds.
   */
  jobRestPercent: number;
  /** Largest screening list upload (CSV/XLSX), in bytes (FX_SCREENING_UPLOAD_MAX_BYTES). */
  screeningUploadMaxBytes: number;
  /** Seconds between runs of the screening SLA escalation job; 0 disables the schedule (FX_SCREENING_SLA_SWEEP_SECONDS). */
  screeningSlaSweepSeconds: number;
  /** Days an uploaded screening list is kept after its import finished (0 = kept); the rows imported from it stay. */
  screeningListRetentionDays: number;
  /**
   * Bearer token that /metrics requires (FX_METRICS_TOKEN). Unset: /metrics is off in production and open
   * in development and tests.
   */
  metricsToken: string | null;
  /** Allow the built-in SMS outbox (readable sign-in codes) in production (FX_SMS_OUTBOX_IN_PRODUCTION, default false). */
  smsOutboxInProduction: boolean;
}

/** A trusted other issuer's public key (FX_TRUSTED_ISSUERS is a JSON list of these). */
export interface TrustedIssuerConfig {
  issuer: string;
  kid: string;
  algorithm: 'ed25519' | 'sm2';
  publicKeyPem: string;
  name: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Where Debian's fonts-noto-cjk puts the font posters use (the default of FX_CJK_FONT). */
export const DEFAULT_CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

const DEV_DATA_KEY = 'dev0:ZmFuZ3hpYW4tZGV2ZWxvcG1lbnQta2V5LTMyYnl0ZXM='; // development only
const DEV_INDEX_KEY = 'ZmFuZ3hpYW4tZGV2LWJsaW5kLWluZGV4LWtleS0zMmI='; // development only

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function key32(name: string, raw: string): Buffer {
  const buf = Buffer.from(raw, 'base64');
  if (buf.length !== 32) throw new ConfigError(`${name} must be 32 bytes in base64 (got ${buf.length} bytes)`);
  return buf;
}

/**
 * FX_CJK_FONT: a font file that must exist when named explicitly (a typo stops boot); the default may
 * be missing on a server without fonts-noto-cjk, where only the poster routes are unavailable.
 */
function cjkFont(raw: string | undefined): string {
  if (raw === undefined || raw === '') return DEFAULT_CJK_FONT;
  const path = resolve(raw);
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) throw new ConfigError(`FX_CJK_FONT must name an existing font file (got "${raw}")`);
  return path;
}

/** FX_METRICS_TOKEN: a shared secret for the metrics scraper; short ones are refused (it guards the whole /metrics page). */
function metricsToken(raw: string | undefined): string | null {
  const token = raw?.trim();
  if (!token) return null;
  if (token.length < 24 || !/^[\x21-\x7e]+$/.test(token)) throw new ConfigError('FX_METRICS_TOKEN must be at least 24 printable characters without spaces');
  return token;
}

/** FX_PUBLIC_URL: an absolute http(s) URL without query or fragment, kept without a trailing slash. */
function parsePublicUrl(raw: string | undefined, port: number): string {
  if (raw === undefined || raw.trim() === '') return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`FX_PUBLIC_URL must be an absolute http:// or https:// URL (got "${raw}")`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`FX_PUBLIC_URL must be an absolute http:// or https:// URL without query, fragment or credentials (got "${raw}")`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** A loopback host name or address (only this machine reaches it). */
function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/**
 * Why FX_PUBLIC_URL cannot be right for this server, or null: it names this machine only (localhost,
 * 127.x, ::1) while the server listens on other addresses too (HOST 0.0.0.0, ::, a LAN address), so every
 * QR code, poster and printed link would send phones to themselves. A warning in development, refused in
 * production (loadConfig).
 */
export function publicUrlProblem(config: Pick<Config, 'publicUrl' | 'host'>): string | null {
  const target = new URL(config.publicUrl).hostname;
  if (!isLoopback(target) && target !== '0.0.0.0') return null;
  if (isLoopback(config.host)) return null;
  return (
    `FX_PUBLIC_URL is ${config.publicUrl}, an address of this machine only, while the server listens on ${config.host}: ` +
    'QR codes, posters and printed links would point phones and other computers at themselves. ' +
    'Set FX_PUBLIC_URL to the address people reach this server at (e.g. https://fx.example.gov.cn or http://192.168.1.20:3000).'
  );
}

/** Parses FX_DATA_KEYS: "id:base64key,id2:base64key2" — the first key encrypts, all decrypt. */
function parseDataKeys(raw: string): { id: string; key: Buffer }[] {
  const keys = raw.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const idx = part.indexOf(':');
    if (idx < 1) throw new ConfigError('FX_DATA_KEYS entries must look like "keyid:base64key"');
    const id = part.slice(0, idx);
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new ConfigError(`FX_DATA_KEYS key id "${id}" must be 1-16 letters, digits, - or _`);
    return { id, key: key32('FX_DATA_KEYS', part.slice(idx + 1)) };
  });
  if (keys.length === 0) throw new ConfigError('FX_DATA_KEYS must hold at least one key');
  return keys;
}

/** Parses FX_TRUSTED_ISSUERS: a JSON list of {issuer, kid, algorithm, publicKeyPem, name?}. */
function parseTrustedIssuers(raw: string | undefined): TrustedIssuerConfig[] {
  if (!raw || !raw.trim()) return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new ConfigError('FX_TRUSTED_ISSUERS must be a JSON list of {issuer, kid, algorithm, publicKeyPem, name}');
  }
  if (!Array.isArray(list)) throw new ConfigError('FX_TRUSTED_ISSUERS must be a JSON list');
  return list.map((item: Record<string, unknown>, i) => {
    const ok =
      item && typeof item.issuer === 'string' && item.issuer && typeof item.kid === 'string' && item.kid &&
      (item.algorithm === 'ed25519' || item.algorithm === 'sm2') && typeof item.publicKeyPem === 'string' && item.publicKeyPem.includes('PUBLIC KEY');
    if (!ok) throw new ConfigError(`FX_TRUSTED_ISSUERS[${i}] needs issuer, kid, algorithm (ed25519|sm2) and publicKeyPem`);
    return {
      issuer: item.issuer as string,
      kid: item.kid as string,
      algorithm: item.algorithm as 'ed25519' | 'sm2',
      publicKeyPem: item.publicKeyPem as string,
      name: typeof item.name === 'string' && item.name ? item.name : (item.issuer as string),
    };
  });
}

const PGLITE_SETTINGS = ['shared_buffers', 'work_mem', 'maintenance_work_mem', 'temp_buffers', 'wal_buffers'];

/** FX_PGLITE_SETTINGS: `name=size` pairs (size: digits with kB, MB or GB), only PGlite's memory settings. */
function pgliteSettings(raw: string): string[] {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    const m = /^([a-z_]+)=(\d+(?:kB|MB|GB))$/.exec(item);
    if (!m || !PGLITE_SETTINGS.includes(m[1]))
      throw new ConfigError(`FX_PGLITE_SETTINGS takes name=size pairs (size like 16MB) of ${PGLITE_SETTINGS.join(', ')} (got "${item}")`);
  }
  return items;
}

/** Reads and validates the configuration; throws ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = (env.NODE_ENV ?? 'development') as Config['env'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const isProd = nodeEnv === 'production';
  if (isProd && !env.FX_DATA_KEYS) throw new ConfigError('FX_DATA_KEYS is required in production');
  if (isProd && !env.FX_BLIND_INDEX_KEY) throw new ConfigError('FX_BLIND_INDEX_KEY is required in production');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const cipher = (env.FX_CIPHER ?? 'aes-256-gcm') as Config['cipher'];
  if (!['aes-256-gcm', 'sm4-ctr-hmac-sm3'].includes(cipher)) {
    throw new ConfigError(`FX_CIPHER must be aes-256-gcm or sm4-ctr-hmac-sm3 (got "${cipher}")`);
  }
  const alg = (env.FX_CODE_SIGNING ?? 'ed25519') as Config['codeSigningAlgorithm'];
  if (!['ed25519', 'sm2'].includes(alg)) throw new ConfigError(`FX_CODE_SIGNING must be ed25519 or sm2 (got "${alg}")`);
  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const logLevel = env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }
  const publicUrl = parsePublicUrl(env.FX_PUBLIC_URL, port);
  const publicUrlError = publicUrlProblem({ publicUrl, host });
  if (isProd && publicUrlError) throw new ConfigError(publicUrlError);
  return {
    env: nodeEnv,
    host,
    port,
    databaseUrl,
    dataDir: resolve(env.FX_DATA_DIR || './data'),
    logLevel,
    dataKeys: parseDataKeys(env.FX_DATA_KEYS || DEV_DATA_KEY),
    blindIndexKey: key32('FX_BLIND_INDEX_KEY', env.FX_BLIND_INDEX_KEY || DEV_INDEX_KEY),
    cipher,
    seedDemo: bool(env, 'FX_SEED_DEMO', !isProd),
    pgliteThread: bool(env, 'FX_PGLITE_THREAD', true),
    pgliteSettings: pgliteSettings(env.FX_PGLITE_SETTINGS ?? ''),
    sessionTtlHours: int(env, 'FX_SESSION_TTL_HOURS', 12, 1, 24 * 90),
    otpTtlSeconds: int(env, 'FX_OTP_TTL_SECONDS', 300, 30, 3600),
    otpHourlyCap: int(env, 'FX_OTP_HOURLY_CAP', 2000, 1, 10_000_000),
    otpPerIpHourly: int(env, 'FX_OTP_PER_IP_HOURLY', 30, 1, 1_000_000),
    uploadMaxBytes: int(env, 'FX_UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    bodyLimitBytes: int(env, 'FX_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    corsOrigins: (env.FX_CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    cookieSecure: bool(env, 'FX_COOKIE_SECURE', isProd),
    trustProxy: bool(env, 'FX_TRUST_PROXY', false),
    publicUrl,
    servedOverTls: bool(env, 'FX_TLS', publicUrl.startsWith('https://')),
    scanRetentionDays: int(env, 'FX_SCAN_RETENTION_DAYS', 28, 1, 3650),
    presenceRadiusMeters: int(env, 'FX_PRESENCE_RADIUS_METERS', 1000, 10, 100_000),
    doorRepeatMinutes: int(env, 'FX_DOOR_REPEAT_MINUTES', 10, 0, 24 * 60),
    cjkFontPath: cjkFont(env.FX_CJK_FONT),
    codeSigningAlgorithm: alg,
    jobsEnabled: bool(env, 'FX_JOBS', nodeEnv !== 'test'),
    codeIssuer: env.FX_CODE_ISSUER || 'fangxian',
    codeTokenTtlMinutes: int(env, 'FX_CODE_TOKEN_TTL_MINUTES', 3, 1, 60),
    trustedTokenMaxMinutes: int(env, 'FX_TRUSTED_TOKEN_MAX_MINUTES', int(env, 'FX_CODE_TOKEN_TTL_MINUTES', 3, 1, 60), 1, 24 * 60),
    trustedIssuers: parseTrustedIssuers(env.FX_TRUSTED_ISSUERS),
    healthCodeSweepSeconds: int(env, 'FX_HEALTH_CODE_SWEEP_SECONDS', nodeEnv === 'test' ? 0 : 60, 0, 86400),
    jobRestPercent: int(env, 'FX_JOB_REST_PERCENT', 0, 0, 400),
    screeningUploadMaxBytes: int(env, 'FX_SCREENING_UPLOAD_MAX_BYTES', 1024 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
    screeningSlaSweepSeconds: int(env, 'FX_SCREENING_SLA_SWEEP_SECONDS', nodeEnv === 'test' ? 0 : 300, 0, 86400),
    screeningListRetentionDays: int(env, 'FX_SCREENING_LIST_RETENTION_DAYS', 90, 0, 3650),
    metricsToken: metricsToken(env.FX_METRICS_TOKEN),
    smsOutboxInProduction: bool(env, 'FX_SMS_OUTBOX_IN_PRODUCTION', false),
  };
}
