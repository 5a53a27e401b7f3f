import { describe, expect, it } from 'vitest';
import { lineAt, numbered, replaceOnce, splitLines } from './text-edit';

describe('replaceOnce', () => {
  it('replaces a unique match and reports the lines it now spans', () => {
    const result = replaceOnce('a\nb\nc\n', 'b\n', 'B1\nB2\n');
    expect(result).toEqual({ ok: true, text: 'a\nB1\nB2\nc\n', firstLine: 2, lastLine: 4 });
  });

  it('reports zero matches', () => {
    expect(replaceOnce('a\nb\n', 'x', 'y')).toEqual({ ok: false, matches: 0, lines: [] });
  });

  it('reports two matches with their lines', () => {
    expect(replaceOnce('let x = 1;\nlet y = 2;\nlet x = 1;\n', 'let x = 1;', 'z')).toEqual({
      ok: false,
      matches: 2,
      lines: [1, 3],
    });
  });

  it('counts overlapping occurrences as ambiguous', () => {
    expect(replaceOnce('aaa', 'aa', 'b')).toMatchObject({ ok: false, matches: 2 });
  });

  it('treats replacement text literally ($& is not special)', () => {
    expect(replaceOnce('cost', 'cost', '$&$&')).toMatchObject({ ok: true, text: '$&$&' });
  });
});

describe('line helpers', () => {
  it('numbers lines with aligned widths', () => {
    expect(numbered(['x', 'y'], 9)).toEqual([' 9\tx', '10\ty']);
  });

  it('does not count a final newline as a line', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
  });

  it('maps offsets to 1-based lines', () => {
    expect(lineAt('a\nb\nc', 4)).toBe(3);
  });
});
