import { describe, expect, it } from 'vitest';
import { HeadTail, headTail } from './head-tail';

describe('HeadTail', () => {
  it('keeps short output whole', () => {
    expect(headTail('hello', 3, 3)).toBe('hello');
    expect(headTail('abcdef', 3, 3)).toBe('abcdef');
  });

  it('keeps the first and last characters across many chunks and says how much it dropped', () => {
    const buffer = new HeadTail(4, 4);
    for (const chunk of ['ab', 'cdef', 'ghij', 'klmn', 'op']) buffer.push(chunk);
    expect(buffer.length).toBe(16);
    expect(buffer.toString()).toBe('abcd\n[... 8 characters omitted ...]\nmnop');
  });
});
