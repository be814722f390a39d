import { describe, expect, it } from 'vitest';
import { extraAnswerProblem, type ExtraField, type NotificationPreferences } from './checkin.api.ts';
import { preferencesChange } from './preferences-draft.ts';

const number: ExtraField = { key: 'doses', label: { zh: '剂次', en: 'Doses' }, type: 'number', required: true, min: 0, max: 4 };
const choice: ExtraField = { key: 'site', label: { zh: '地点', en: 'Site' }, type: 'choice', required: false, options: ['office', 'home'] };
const date: ExtraField = { key: 'since', label: { zh: '日期', en: 'Since' }, type: 'date', required: false };
const text: ExtraField = { key: 'note', label: { zh: '备注', en: 'Note' }, type: 'text', required: false };

describe('extraAnswerProblem (the server\'s own answer check, for the daily form)', () => {
  it('requires required fields and leaves optional ones free', () => {
    expect(extraAnswerProblem(number, '')).toBe('required');
    expect(extraAnswerProblem(number, '  ')).toBe('required');
    expect(extraAnswerProblem(choice, undefined)).toBeNull();
  });
  it('checks numbers and their range', () => {
    expect(extraAnswerProblem(number, 'two')).toBe('number');
    expect(extraAnswerProblem(number, '5')).toBe('range');
    expect(extraAnswerProblem(number, '-1')).toBe('range');
    expect(extraAnswerProblem(number, '3')).toBeNull();
  });
  it('checks choices, real dates and text length', () => {
    expect(extraAnswerProblem(choice, 'car')).toBe('choice');
    expect(extraAnswerProblem(choice, 'home')).toBeNull();
    expect(extraAnswerProblem(date, '2026-02-30')).toBe('date');
    expect(extraAnswerProblem(date, '2026/02/01')).toBe('date');
    expect(extraAnswerProblem(date, '2026-02-28')).toBeNull();
    expect(extraAnswerProblem(text, 'x'.repeat(201))).toBe('tooLong');
    expect(extraAnswerProblem(text, 'fine')).toBeNull();
  });
});

const read: NotificationPreferences = {
  kinds: [{ kind: 'checkin.reminder', description: { zh: '打卡提醒', en: 'Reminder' }, mandatory: ['inbox'], channels: { inbox: true, sms: false, webhook: false } }],
  quietHours: null,
  webhookUrl: null,
};
const draft = { changed: {}, quiet: false, quietStart: '22:00', quietEnd: '07:00', webhookUrl: '' };

describe('preferencesChange', () => {
  it('sends nothing when nothing changed', () => {
    expect(preferencesChange(read, draft)).toEqual({ change: {} });
  });
  it('sends the switches changed, quiet hours and a new webhook address', () => {
    expect(preferencesChange(read, { ...draft, changed: { 'checkin.reminder|sms': true }, quiet: true, webhookUrl: ' https://example.org/hook ' })).toEqual({
      change: { preferences: [{ kind: 'checkin.reminder', channel: 'sms', enabled: true }], quietHours: { start: '22:00', end: '07:00' }, webhookUrl: 'https://example.org/hook' },
    });
  });
  it('clears quiet hours and the address when switched off or emptied', () => {
    expect(preferencesChange({ ...read, quietHours: { start: '22:00', end: '07:00' }, webhookUrl: 'https://a.example/x' }, draft)).toEqual({ change: { quietHours: null, webhookUrl: null } });
  });
  it('refuses bad times and addresses', () => {
    expect(preferencesChange(read, { ...draft, quiet: true, quietStart: '24:00' })).toEqual({ problem: 'time' });
    expect(preferencesChange(read, { ...draft, quiet: true, quietEnd: '22:00' })).toEqual({ problem: 'sameTime' });
    expect(preferencesChange(read, { ...draft, webhookUrl: 'ftp://x' })).toEqual({ problem: 'url' });
  });
});
