import { describe, expect, it } from 'vitest';
import { COLOURS, decisionFor } from './colour.ts';

describe('colours and door decisions', () => {
  it('lists the colours least severe first', () => {
    expect(COLOURS).toEqual(['green', 'yellow', 'red']);
  });

  it('passes green only; yellow, red and no colour are stopped', () => {
    expect(decisionFor('green')).toBe('pass');
    expect(decisionFor('yellow')).toBe('stop');
    expect(decisionFor('red')).toBe('stop');
    expect(decisionFor(undefined)).toBe('stop');
    expect(decisionFor(null)).toBe('stop');
  });
});
