import type { LoggerOptions } from 'pino';
import { randomUUID } from 'node:crypto';

/** Field names that hold personal data or secrets; never written to logs. */
export const SENSITIVE_KEYS = [
  'idNumber', 'documentNumber', 'phone', 'mobile', 'name', 'fullName', 'realName', 'address',
  'token', 'accessToken', 'refreshToken', 'password', 'newPassword', 'code', 'otp', 'apiKey', 'secret',
];

function redactPaths(): string[] {
  const paths = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'];
  for (const key of SENSITIVE_KEYS) {
    paths.push(key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`);
  }
  return paths;
}

/** pino options: request ids, personal fields redacted, URLs logged without query strings. */
export function loggerOptions(level: string, pretty = false): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths(), censor: '[redacted]' },
    serializers: {
      req(req: { id: string; method: string; url: string; routeOptions?: { url?: string } }) {
        // Query strings can carry phone numbers or tokens; log only the path.
        return { id: req.id, method: req.method, url: req.url.split('?')[0], route: req.routeOptions?.url };
      },
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
}

/** Request ids: honour a sane incoming x-request-id, otherwise a fresh UUID. */
export function genReqId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(incoming)) return incoming;
  return randomUUID();
}
