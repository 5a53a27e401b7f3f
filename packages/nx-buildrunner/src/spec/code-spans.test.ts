import { describe, expect, it } from 'vitest';
import { codeSpans } from './code-spans';

describe('codeSpans', () => {
  it('finds spans with their position and length', () => {
    expect(codeSpans('run `a b` then ``c`d``')).toEqual([
      { value: 'a b', index: 4, length: 5 },
      { value: 'c`d', index: 15, length: 7 },
    ]);
  });

  it('strips one padding space and skips empty or unclosed spans', () => {
    expect(codeSpans('`` `x` `` and ` ` and `open').map((s) => s.value)).toEqual(['`x`']);
  });
});
