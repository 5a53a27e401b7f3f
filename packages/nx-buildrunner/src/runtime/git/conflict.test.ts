import { describe, expect, it } from 'vitest';
import { conflictExcerpt, conflictText, hasConflictMarkers } from './conflict';

const conflicted = ['one', 'two', 'three', '<<<<<<< HEAD', 'ours', '=======', 'theirs', '>>>>>>> abc (br(t): x)', 'after1', 'after2', 'after3', 'after4'].join('\n');

describe('conflict markers', () => {
  it('finds opening and closing markers, not look-alikes', () => {
    expect(hasConflictMarkers(conflicted)).toBe(true);
    expect(hasConflictMarkers('Title\n=======\n\n<<<<<<<<<< not a marker\n')).toBe(false);
    expect(hasConflictMarkers('ok\n>>>>>>> theirs\n')).toBe(true);
  });

  it('shows each conflict with numbered context lines', () => {
    const text = conflictExcerpt('src/a.ts', conflicted, 2);
    expect(text).toBe(
      [
        '=== src/a.ts (conflict 1 of 1, lines 4-8)',
        ' 2| two',
        ' 3| three',
        ' 4| <<<<<<< HEAD',
        ' 5| ours',
        ' 6| =======',
        ' 7| theirs',
        ' 8| >>>>>>> abc (br(t): x)',
        ' 9| after1',
        '10| after2',
        '',
      ].join('\n'),
    );
  });

  it('says when a conflicted file has no markers', () => {
    expect(conflictExcerpt('gone.txt', 'plain\n')).toContain('gone.txt: conflicted, no markers');
  });

  it('cuts long output and names what it left out', () => {
    const files = ['a', 'b', 'c'].map((p) => ({ path: p, content: conflicted }));
    const text = conflictText(files, { contextLines: 1, maxChars: 150 });
    expect(text.length).toBeLessThan(300);
    expect(text).toMatch(/cut at 150 characters in b; not shown: c; read the files themselves/);
  });
});
