import { describe, expect, it } from 'vitest';
import { SourceText } from './source-text';

describe('SourceText', () => {
  it('counts lines ending in LF, CRLF and a lone CR', () => {
    const s = new SourceText('a\nb\r\nc\rd');
    expect(s.lineCount).toBe(4);
    expect([1, 2, 3, 4].map((l) => s.slice(s.lineStart(l), s.lineEnd(l)))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('treats an empty text as one empty line and a trailing newline as starting another', () => {
    expect(new SourceText('').lineCount).toBe(1);
    expect(new SourceText('x\n').lineCount).toBe(2);
  });

  it('clamps lines outside the text', () => {
    const s = new SourceText('ab\ncd');
    expect(s.lineStart(0)).toBe(0);
    expect(s.lineStart(99)).toBe(3);
    expect(s.lineEnd(99)).toBe(5);
  });

  it('gives a node its source with line endings normalised', () => {
    const s = new SourceText('x\r\ny\r\nz');
    const node = { type: 'x', position: { start: { line: 1, column: 1, offset: 0 }, end: { line: 2, column: 2, offset: 4 } } };
    expect(s.nodeSource(node)).toBe('x\ny');
  });
});
