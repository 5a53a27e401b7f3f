import { describe, expect, it } from 'vitest';
import { durationMinutes } from './duration';

describe('durationMinutes', () => {
  it.each([
    ['90 min', 90],
    ['45m', 45],
    ['3 hours', 180],
    ['1.5 hours', 90],
    ['1,5 h', 90],
    ['1h 30m', 90],
    ['an hour', 60],
    ['half an hour', 30],
    ['1 day', 480],
    ['2 days', 960],
    ['half a day', 240],
    ['1 week', 2400],
    ['1-2 hours', 120],
    ['2 to 3 days', 1440],
    ['~2 Days (Build 2A)', 960],
  ])('reads %s as %i minutes', (label, minutes) => {
    expect(durationMinutes(label)).toBe(minutes);
  });

  it.each(['', 'soon', 'TBD', 'Build 2A'])('names no amount in %j', (label) => {
    expect(durationMinutes(label)).toBeUndefined();
  });
});
