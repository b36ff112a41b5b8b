import { relativeTime } from './RelativeTime';

describe('relativeTime', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  it.each([
    [2_000, 'just now'],
    [42_000, '42 s ago'],
    [4 * 60_000, '4 min ago'],
    [3 * 3600_000, '3 h ago'],
    [-5 * 60_000, 'in 5 min'],
  ])('%d ms before now reads %s', (ago, text) => {
    expect(relativeTime(now - ago, now)).toBe(text);
  });

  it('gives a date past a day', () => {
    expect(relativeTime(now - 3 * 86_400_000, now)).toBe(
      new Date(now - 3 * 86_400_000).toLocaleDateString(),
    );
  });
});
