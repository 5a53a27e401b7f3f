import { describe, expect, it } from 'vitest';
import { normaliseDomain, normalisePriority } from './values';

describe('normalisePriority', () => {
  it('maps words, P-levels and MoSCoW to four levels', () => {
    expect(['Critical', 'P0', 'high', 'P1', '**Medium**', 'P2', 'Low', 'P3', 'Must have', 'Could'].map(normalisePriority)).toEqual([
      'critical', 'critical', 'high', 'high', 'medium', 'medium', 'low', 'low', 'high', 'low',
    ]);
  });

  it('ignores decoration around the word and rejects the unknown', () => {
    expect(normalisePriority('🔴 High (blocker for release)')).toBe('high');
    expect(normalisePriority('someday')).toBeUndefined();
    expect(normalisePriority('')).toBeUndefined();
  });
});

describe('normaliseDomain', () => {
  it('maps domains and common synonyms', () => {
    expect(['backend', 'Frontend', 'UI', 'db', 'DevOps', 'Documentation', 'QA', 'API layer'].map(normaliseDomain)).toEqual([
      'backend', 'frontend', 'frontend', 'database', 'infra', 'docs', 'test', 'backend',
    ]);
    expect(normaliseDomain('Task Processing Engine')).toBeUndefined();
  });
});
