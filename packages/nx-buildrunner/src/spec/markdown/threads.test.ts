import { describe, expect, it } from 'vitest';
import { productionOptions, threadCount } from './threads';

describe('productionOptions', () => {
  it('drops the development condition Nx starts plugin workers with, in each spelling', () => {
    for (const execArgv of [['--conditions', 'development'], ['--conditions=development'], ['-C', 'development'], ['-C=development']]) {
      expect(productionOptions(execArgv, {}).execArgv).toEqual([]);
    }
  });

  it('keeps every other argument and condition', () => {
    const execArgv = ['--conditions', 'custom', '--conditions', 'development', '--enable-source-maps', '-C', 'other'];
    expect(productionOptions(execArgv, {}).execArgv).toEqual(['--conditions', 'custom', '--enable-source-maps', '-C', 'other']);
  });

  it('drops it from NODE_OPTIONS too, keeping the rest as written', () => {
    const env = { NODE_OPTIONS: '--require "/a b/pnp.cjs" --conditions=development -C development --max-old-space-size=4096', HOME: '/h' };
    expect(productionOptions([], env)).toEqual({
      env: { NODE_OPTIONS: '--require "/a b/pnp.cjs" --max-old-space-size=4096', HOME: '/h' },
    });
  });

  it('leaves the defaults (the parent thread\'s) alone when there is nothing to drop', () => {
    expect(productionOptions(['--conditions', 'custom'], { NODE_OPTIONS: '--enable-source-maps' })).toEqual({});
    expect(productionOptions([], {})).toEqual({});
  });
});

describe('threadCount', () => {
  it('parses small specs in the calling thread and big ones on up to four cores', () => {
    expect(threadCount(50_000, 8)).toBe(0);
    expect(threadCount(300_000, 8)).toBe(2);
    expect(threadCount(600_000, 2)).toBe(2);
    expect(threadCount(10_000_000, 64)).toBe(4);
    expect(threadCount(10_000_000, 1)).toBe(1);
  });
});
