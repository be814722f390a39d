import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, apiRequest, configureApiClient, readCookie, toQuery } from './client.ts';

interface Captured {
  url: string;
  init: RequestInit;
}

/** Points the client at a fake fetch answering `status` with `body`, and records the request. */
function answer(status: number, body: unknown, cookies = ''): { captured: Captured[]; onUnauthenticated: ReturnType<typeof vi.fn> } {
  const captured: Captured[] = [];
  const onUnauthenticated = vi.fn();
  configureApiClient({
    fetch: (async (url: string, init: RequestInit) => {
      captured.push({ url, init });
      return new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), { status });
    }) as typeof fetch,
    cookies: () => cookies,
    language: () => 'en',
    networkMessage: () => 'offline',
    onUnauthenticated,
  });
  return { captured, onUnauthenticated };
}

const headersOf = (c: Captured) => c.init.headers as Record<string, string>;

afterEach(() => configureApiClient({ onUnauthenticated: () => {} }));

describe('apiRequest', () => {
  it('sends the CSRF cookie back as x-csrf-token on unsafe methods only', async () => {
    const { captured } = answer(200, { ok: true }, 'fx_lang=en; fx_csrf=abc%3D; other=1');
    await apiRequest('POST', '/api/x', { a: 1 });
    await apiRequest('GET', '/api/x');
    expect(headersOf(captured[0])['x-csrf-token']).toBe('abc=');
    expect(headersOf(captured[1])['x-csrf-token']).toBeUndefined();
  });

  it('sends JSON with the session cookie and the UI language', async () => {
    const { captured } = answer(200, { ok: true });
    await apiRequest('PUT', '/api/me/real-name', { name: '张三' });
    expect(captured[0].init.credentials).toBe('same-origin');
    expect(captured[0].init.body).toBe('{"name":"张三"}');
    expect(headersOf(captured[0])['content-type']).toBe('application/json');
    expect(headersOf(captured[0])['accept-language']).toBe('en');
  });

  it('sends a FormData body (a file upload) as it is, leaving the multipart content type to fetch, with the CSRF header', async () => {
    const { captured } = answer(202, { id: 'i' }, 'fx_csrf=t');
    const form = new FormData();
    form.append('file', new Blob(['a,b\n']), 'list.csv');
    await apiRequest('POST', '/api/upload', form);
    expect(captured[0].init.body).toBe(form);
    expect(headersOf(captured[0])['content-type']).toBeUndefined();
    expect(headersOf(captured[0])['x-csrf-token']).toBe('t');
  });

  it('sends no body and no content type when there is nothing to send', async () => {
    const { captured } = answer(204, undefined);
    expect(await apiRequest('DELETE', '/api/admin/api-clients/1')).toBeUndefined();
    expect(captured[0].init.body).toBeUndefined();
    expect(headersOf(captured[0])['content-type']).toBeUndefined();
  });

  it('turns a {code, message} error body into an ApiError carrying the server message', async () => {
    answer(400, { code: 'ID_NUMBER_INVALID', message: '身份证号码不正确', details: { field: 'documentNumber' } });
    const error = await apiRequest('PUT', '/api/me/real-name', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'ID_NUMBER_INVALID', message: '身份证号码不正确', status: 400, details: { field: 'documentNumber' } });
  });

  it('reports a 401 so the surface can send the user to sign in', async () => {
    const { onUnauthenticated } = answer(401, { code: 'UNAUTHENTICATED', message: '请先登录' });
    await expect(apiRequest('GET', '/api/me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(onUnauthenticated).toHaveBeenCalledOnce();
  });

  it('gives a readable error when the answer is not our error shape', async () => {
    answer(502, '<html>Bad gateway</html>');
    await expect(apiRequest('GET', '/api/me')).rejects.toMatchObject({ code: 'INTERNAL', message: 'offline', status: 502 });
  });

  it('passes the abort signal to fetch and lets an abort through as itself, not as a network failure', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | null | undefined;
    configureApiClient({
      fetch: (async (_url: string, init: RequestInit) => {
        seen = init.signal;
        throw new DOMException('The operation was aborted.', 'AbortError');
      }) as typeof fetch,
    });
    const error = await api.get('/api/me', { signal: controller.signal }).catch((e: unknown) => e);
    expect(seen).toBe(controller.signal);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it('gives the network message when the request never reached the server', async () => {
    configureApiClient({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
      networkMessage: () => 'offline',
    });
    await expect(apiRequest('GET', '/api/me')).rejects.toMatchObject({ code: 'NETWORK', message: 'offline', status: 0 });
  });
});

describe('readCookie', () => {
  it('finds a cookie by exact name, decoded', () => {
    expect(readCookie('a=1; fx_csrf=x%2By; fx_csrf2=z', 'fx_csrf')).toBe('x+y');
    expect(readCookie('fx_csrfx=1', 'fx_csrf')).toBeNull();
    expect(readCookie('', 'fx_csrf')).toBeNull();
  });
});

describe('toQuery', () => {
  it('keeps only values that are set, encoded', () => {
    expect(toQuery({ action: 'staff.*', actorId: '', cursor: undefined, limit: 50, subjectId: null })).toBe('?action=staff.*&limit=50');
    expect(toQuery({ q: 'a b&c' })).toBe('?q=a+b%26c');
    expect(toQuery({})).toBe('');
  });
});
