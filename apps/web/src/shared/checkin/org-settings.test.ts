import { describe, expect, it } from 'vitest';
import { settingsOf } from './org-settings.ts';

const field = { key: 'site', zh: '地点', en: 'Site', type: 'choice' as const, required: true, options: 'office, home', min: '', max: '' };

describe('settingsOf (the organisation settings editor)', () => {
  it('builds the settings the server takes', () => {
    expect(settingsOf('06:00', '10:00', '60', [field, { ...field, key: 'doses', type: 'number', options: '', min: '0', max: '4', required: false }])).toEqual({
      settings: {
        windowStart: '06:00',
        deadline: '10:00',
        remindBeforeMinutes: 60,
        extraFields: [
          { key: 'site', label: { zh: '地点', en: 'Site' }, type: 'choice', required: true, options: ['office', 'home'] },
          { key: 'doses', label: { zh: '地点', en: 'Site' }, type: 'number', required: false, min: 0, max: 4 },
        ],
      },
    });
  });
  it('names the first problem', () => {
    expect(settingsOf('6:00', '10:00', '60', [])).toEqual({ problem: 'time' });
    expect(settingsOf('10:00', '09:00', '60', [])).toEqual({ problem: 'windowOrder' });
    expect(settingsOf('06:00', '10:00', '5', [])).toEqual({ problem: 'remind' });
    expect(settingsOf('06:00', '10:00', '60', [{ ...field, key: 'Site' }])).toEqual({ problem: 'key', n: 1 });
    expect(settingsOf('06:00', '10:00', '60', [field, field])).toEqual({ problem: 'keyRepeated', n: 2 });
    expect(settingsOf('06:00', '10:00', '60', [{ ...field, en: ' ' }])).toEqual({ problem: 'label', n: 1 });
    expect(settingsOf('06:00', '10:00', '60', [{ ...field, options: 'one' }])).toEqual({ problem: 'options', n: 1 });
    expect(settingsOf('06:00', '10:00', '60', [{ ...field, type: 'number', min: '5', max: '1' }])).toEqual({ problem: 'range', n: 1 });
  });
});
