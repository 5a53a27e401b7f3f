import { describe, expect, it } from 'vitest';
import { globMatcher } from './glob';

describe('globMatcher', () => {
  it('matches names anywhere when the pattern has no slash', () => {
    const ts = globMatcher('*.ts');
    expect(ts('a.ts')).toBe(true);
    expect(ts('src/deep/b.ts')).toBe(true);
    expect(ts('src/b.tsx')).toBe(false);
  });

  it('matches paths with ** and braces', () => {
    const tests = globMatcher('src/**/*.{test,spec}.ts');
    expect(tests('src/a.test.ts')).toBe(true);
    expect(tests('src/x/y/a.spec.ts')).toBe(true);
    expect(tests('lib/a.test.ts')).toBe(false);
    expect(tests('src/a.ts')).toBe(false);
  });

  it('keeps regex characters literal', () => {
    expect(globMatcher('a+b(1).md')('a+b(1).md')).toBe(true);
    expect(globMatcher('a+b(1).md')('aab1.md')).toBe(false);
    expect(globMatcher('{x')('{x')).toBe(true);
  });
});
