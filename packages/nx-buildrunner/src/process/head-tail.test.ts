import { describe, expect, it } from 'vitest';
import { HeadTail } from './head-tail';

describe('HeadTail', () => {
  it('keeps short output whole', () => {
    for (const [text, expected] of [['hello', 'hello'], ['abcdef', 'abcdef']]) {
      const buffer = new HeadTail(3, 3);
      buffer.push(text as string);
      expect(buffer.toString()).toBe(expected);
    }
  });

  it('can keep only the tail', () => {
    const buffer = new HeadTail(0, 3);
    buffer.push('abcdef');
    expect(buffer.toString()).toBe('\n[... 3 characters omitted ...]\ndef');
  });

  it('keeps the first and last characters across many chunks and says how much it dropped', () => {
    const buffer = new HeadTail(4, 4);
    for (const chunk of ['ab', 'cdef', 'ghij', 'klmn', 'op']) buffer.push(chunk);
    expect(buffer.length).toBe(16);
    expect(buffer.toString()).toBe('abcd\n[... 8 characters omitted ...]\nmnop');
  });
});
