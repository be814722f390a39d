import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskIp, presentAudit, redactDetail } from './audit.presenter.ts';

describe('redactDetail', () => {
  it('redacts values under personal keys at any depth, keeping field-name lists', () => {
    expect(
      redactDetail({
        name: '张三',
        fields: ['name', 'idNumber'],
        changes: { phone: '13812345678', realName: { name: '李四' }, roles: ['health'] },
        list: [{ documentNumber: 'E12345678' }],
        count: 3,
      }),
    ).toEqual({
      name: '[redacted]',
      fields: ['name', 'idNumber'],
      changes: { phone: '[redacted]', realName: '[redacted]', roles: ['health'] },
      list: [{ documentNumber: '[redacted]' }],
      count: 3,
    });
  });

  it('masks resident ID and mobile numbers inside free text', () => {
    expect(redactDetail('身份证 51060319900101123X 电话 +8613812345678')).toBe('身份证 5106**********123X 电话 138****5678');
    expect(redactDetail('order 12345 ok')).toBe('order 12345 ok');
  });

  it('never lets an 18-digit ID or an 11-digit mobile through, wherever it is', () => {
    const id = fc.stringMatching(/^[1-9]\d{16}[\dX]$/);
    const mobile = fc.stringMatching(/^1[3-9]\d{9}$/);
    fc.assert(
      fc.property(fc.oneof(id, mobile), fc.stringMatching(/^[a-z 。，:]*$/), fc.constantFrom('note', 'comment', 'x'), (secret, around, key) => {
        const out = JSON.stringify(redactDetail({ [key]: `${around}${secret}${around}`, nested: [{ text: secret }] }));
        expect(out).not.toContain(secret);
      }),
    );
  });
});

describe('maskIp', () => {
  it.each([
    ['10.1.2.3', '10.1.2.*'],
    ['::ffff:192.168.0.17', '::ffff:192.168.0.*'],
    ['2001:db8:85a3:0:0:8a2e:370:7334', '2001:db8:85a3:0:*'],
    ['::1', '::1'],
    [null, null],
  ])('%j → %j', (ip, masked) => expect(maskIp(ip)).toBe(masked));
});

describe('presentAudit', () => {
  it('shows the record with redacted detail and masked IP', () => {
    const view = presentAudit({
      seq: 7,
      at: new Date('2026-03-01T08:00:00.000Z'),
      actorType: 'staff',
      actorId: 's-1',
      action: 'person.read',
      subjectType: 'citizen',
      subjectId: 'c-1',
      regionCode: '510603',
      outcome: 'ok',
      detail: { name: '张三' },
      ip: '10.0.0.9',
      requestId: 'r-1',
      prevHash: 'p',
      hash: 'h',
    }, { staff: new Map([['s-1', '王五 (wangwu)']]), citizens: new Map([['c-1', '张*']]) });
    expect(view).toEqual({
      seq: 7, at: '2026-03-01T08:00:00.000Z', actorType: 'staff', actorId: 's-1', actorName: '王五 (wangwu)', action: 'person.read', subjectType: 'citizen',
      subjectId: 'c-1', subjectName: '张*', regionCode: '510603', outcome: 'ok', detail: { name: '[redacted]' }, ip: '10.0.0.*', requestId: 'r-1', hash: 'h',
    });
  });
});
