import { describe, expect, it } from 'vitest';
import { ApiError } from './client.ts';
import { InputError, isTransient, messageOf, retryAfterOf } from './errors.ts';

describe('messageOf', () => {
  it('shows the server\'s message, or the refusal of a check made in the browser', () => {
    expect(messageOf(new ApiError('IDENTITY_DOCUMENT_INVALID', '证件号码不正确', 400), '操作失败')).toBe('证件号码不正确');
    expect(messageOf(new InputError('规则 JSON 格式不正确'), '操作失败')).toBe('规则 JSON 格式不正确');
  });
  it('falls back for anything else (a programming error\'s text is not for users)', () => {
    expect(messageOf(new TypeError('x is undefined'), '操作失败')).toBe('操作失败');
    expect(messageOf(undefined, '加载失败')).toBe('加载失败');
  });
});

describe('isTransient', () => {
  it('is worth another try only when the network or the server failed, never after a refusal', () => {
    expect(isTransient(new ApiError('NETWORK', 'offline', 0))).toBe(true);
    expect(isTransient(new ApiError('INTERNAL', 'boom', 503))).toBe(true);
    expect(isTransient(new ApiError('FORBIDDEN', 'no', 403))).toBe(false);
    expect(isTransient(new InputError('bad'))).toBe(false);
    expect(isTransient(new Error('other'))).toBe(false);
  });
});

describe('retryAfterOf', () => {
  it('reads how long the server asked to wait', () => {
    expect(retryAfterOf(new ApiError('RATE_LIMITED', 'slow down', 429, { retryAfterSeconds: 42 }))).toBe(42);
    expect(retryAfterOf(new ApiError('RATE_LIMITED', 'slow down', 429))).toBeNull();
    expect(retryAfterOf(new ApiError('FORBIDDEN', 'no', 403, { retryAfterSeconds: 42 }))).toBeNull();
  });
});
