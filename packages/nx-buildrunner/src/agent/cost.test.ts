import { describe, expect, it } from 'vitest';
import { costOf, DEFAULT_PRICES, priceOf, type PriceTable } from './cost';

const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheCreationInputTokens: 200_000, cacheReadInputTokens: 2_000_000 };

describe('costOf', () => {
  it('prices every kind of token from the table', () => {
    // 3 + 1.5 + 0.75 + 0.6
    expect(costOf(usage, 'claude-sonnet-4-6')).toEqual({ usd: 5.85, priced: true });
    // 4 + 2 + 1 + 0.4
    expect(costOf(usage, 'claude-opus-5-5')).toEqual({ usd: 7.4, priced: true });
  });

  it('prices dated snapshots as their model', () => {
    expect(costOf(usage, 'claude-sonnet-4-6-20261001')).toEqual(costOf(usage, 'claude-sonnet-4-6'));
    expect(priceOf('claude-haiku-4-5@20251001')).toBe(DEFAULT_PRICES.models['claude-haiku-4-5']);
  });

  it('does not guess: unknown models cost 0 and are flagged', () => {
    expect(costOf(usage, 'claude-sonnet-9')).toEqual({ usd: 0, priced: false });
    // Only a date is stripped, never a version component.
    expect(priceOf('claude-opus-4')).toBeUndefined();
  });

  it('does not price prompts beyond the size a price holds for', () => {
    const small = { inputTokens: 50_000, outputTokens: 1_000, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
    expect(costOf(small, 'claude-haiku-5-5')).toEqual({ usd: 0.0055, priced: true });
    expect(costOf({ ...small, cacheReadInputTokens: 60_000 }, 'claude-haiku-5-5').priced).toBe(false);
  });

  it('uses a table passed in', () => {
    const table: PriceTable = { currency: 'USD', asOf: 'test', models: { 'm': { input: 1, output: 1, cacheWrite: 1, cacheRead: 1 } } };
    expect(costOf({ inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 1, cacheReadInputTokens: 1 }, 'm', table)).toEqual({
      usd: 0.000004,
      priced: true,
    });
  });

  it('bundles a well-formed table', () => {
    for (const [model, price] of Object.entries(DEFAULT_PRICES.models)) {
      for (const value of [price.input, price.output, price.cacheWrite, price.cacheRead]) {
        expect(value, model).toBeGreaterThan(0);
      }
      expect(price.cacheRead, model).toBeLessThan(price.input);
    }
  });
});
