import { describe, expect, it } from 'vitest';
import { matchKey, matchTokens, singular } from './tokens';

describe('matchTokens', () => {
  it('drops function words and section pointers and singularises', () => {
    expect(matchTokens('the Notes below')).toEqual(['note']);
    expect(matchTokens('Revisions and Categories of addresses')).toEqual(['revision', 'category', 'address']);
    expect(matchTokens('Tier 1')).toEqual(['tier', '1']);
  });

  it('keeps words that only look plural', () => {
    expect(['status', 'analysis', 'class', 'bus', 'os'].map(singular)).toEqual(['status', 'analysis', 'class', 'bus', 'os']);
  });
});

describe('matchKey', () => {
  it('joins tokens, or falls back to the text for scripts without tokens', () => {
    expect(matchKey('The Sync Services')).toBe('sync service');
    expect(matchKey('  同步  服务 ')).toBe('同步 服务');
  });
});
