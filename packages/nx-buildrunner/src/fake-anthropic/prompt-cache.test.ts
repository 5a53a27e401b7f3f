import { describe, expect, it } from 'vitest';
import { PromptCache } from './prompt-cache';
import type { Piece } from './tokens';

const piece = (chars: number, cache?: Piece['cache']): Piece => (cache ? { text: 'x'.repeat(chars), cache } : { text: 'y'.repeat(chars) });

describe('PromptCache', () => {
  it('bills everything as input without breakpoints', () => {
    expect(new PromptCache().usage('m', [piece(40), piece(8)])).toEqual({
      input_tokens: 12,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    });
  });

  it('writes a prefix on first sight and reads it afterwards', () => {
    const cache = new PromptCache();
    const pieces = [piece(400, '5m'), piece(40)];
    expect(cache.usage('m', pieces)).toMatchObject({ input_tokens: 10, cache_creation_input_tokens: 100, cache_read_input_tokens: 0 });
    expect(cache.usage('m', pieces)).toMatchObject({ input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 });
  });

  it('reads the longest known prefix and writes the rest up to the last breakpoint, by ttl', () => {
    const cache = new PromptCache();
    cache.usage('m', [piece(400, '1h'), piece(4)]);
    const usage = cache.usage('m', [piece(400, '1h'), piece(40), piece(80, '5m'), piece(8)]);
    expect(usage).toEqual({
      input_tokens: 2,
      cache_creation_input_tokens: 30,
      cache_read_input_tokens: 100,
      cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 0 },
    });
    const fresh = new PromptCache().usage('m', [piece(400, '1h'), piece(40), piece(80, '5m')]);
    expect(fresh.cache_creation).toEqual({ ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 100 });
  });

  it('misses when anything before the breakpoint changed, or the model did', () => {
    const cache = new PromptCache();
    cache.usage('m', [piece(8), piece(400, '5m')]);
    expect(cache.usage('m', [piece(12), piece(400, '5m')]).cache_read_input_tokens).toBe(0);
    expect(cache.usage('other', [piece(8), piece(400, '5m')]).cache_read_input_tokens).toBe(0);
  });
});
