/**
 * The one way the web talks to the server: JSON over fetch with the session cookie, the CSRF
 * header on unsafe methods, the UI language, and `{code, message}` errors turned into ApiError.
 */
import type { ErrorBody } from '@fangxian/contracts/kernel/errors';

/** An error the server (or the network) reported, with a message fit to show the user. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  constructor(code: string, message: string, status: number, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_COOKIE = 'fx_csrf';

/** Reads one cookie by name from a `document.cookie` string. */
export function readCookie(cookieString: string, name: string): string | null {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** What the client needs from its surroundings; the browser provides them, tests replace them. */
export interface ClientEnvironment {
  fetch: typeof fetch;
  cookies: () => string;
  language: () => string;
  /** Messages for failures that never reached the server, in the UI language. */
  networkMessage: () => string;
  /**
   * Called when a request came back 401 (the session ended), so the surface can send the user to sign
   * in; `sessionAtSend` is what `session()` said when the request was sent.
   */
  onUnauthenticated: (sessionAtSend: number) => void;
  /** A number the surface bumps at every sign-in: a 401 to a request sent before it is about the old session. */
  session: () => number;
}

let environment: ClientEnvironment = {
  fetch: (...args) => globalThis.fetch(...args),
  cookies: () => (typeof document === 'undefined' ? '' : document.cookie),
  language: () => 'zh-CN',
  networkMessage: () => '网络连接失败，请检查网络后重试',
  onUnauthenticated: () => {},
  session: () => 0,
};

/** Lets a surface (or a test) plug in the language, messages and the 401 reaction. */
export function configureApiClient(overrides: Partial<ClientEnvironment>): void {
  environment = { ...environment, ...overrides };
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && typeof (value as { message?: unknown }).message === 'string';
}

/** Per-request options: `signal` cancels the request (TanStack Query passes one to every query function). */
export interface RequestOptions {
  signal?: AbortSignal;
}

/**
 * Sends one request and returns the parsed JSON body (undefined for 204); throws ApiError otherwise.
 * An aborted request rejects with the AbortError itself, so a cancelled query is not shown as a failure.
 */
export async function apiRequest<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': environment.language() };
  // A FormData body (a file upload) is sent as multipart; the browser writes its content type and boundary.
  const multipart = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const csrf = readCookie(environment.cookies(), CSRF_COOKIE);
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  // A 401 to a request sent before a later sign-in is about the old session (see onUnauthenticated).
  const sessionAtSend = environment.session();
  let response: Response;
  try {
    response = await environment.fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : multipart ? (body as FormData) : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if ((cause as { name?: string }).name === 'AbortError') throw cause;
    throw new ApiError('NETWORK', environment.networkMessage(), 0);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    if (response.status === 401) environment.onUnauthenticated(sessionAtSend);
    if (isErrorBody(parsed)) throw new ApiError(parsed.code, parsed.message, response.status, parsed.details);
    throw new ApiError(response.status >= 500 ? 'INTERNAL' : 'HTTP_' + response.status, environment.networkMessage(), response.status);
  }
  return parsed as T;
}

/** Builds a query string from the defined, non-empty values of an object. */
export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** Shorthands for the HTTP verbs; each takes an optional abort signal. */
export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => apiRequest<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => apiRequest<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => apiRequest<T>('PATCH', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, undefined, options),
};
