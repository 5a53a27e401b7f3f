import { describe, expect, it } from 'vitest';
import { splitPatchWithRaw } from './raw-diff';

describe('splitPatchWithRaw', () => {
  it('reads raw records, including renames, and keeps the patch bytes exact', () => {
    const patch = Buffer.concat([Buffer.from('diff --git a/b.bin b/b.bin\n'), Buffer.from([0xff, 0x00, 0x0a])]);
    const out = Buffer.concat([
      Buffer.from(':100644 100644 aaa bbb M\0b.bin\0:100644 100644 ccc ccc R100\0old name.txt\0new name.txt\0'),
      Buffer.from(':000000 100644 000 ddd A\0caf\u00e9.txt\0:100644 000000 eee 000 D\0gone\0\0'),
      patch,
    ]);
    const { files, patch: rest } = splitPatchWithRaw(out);
    expect(files).toEqual([
      { kind: 'modified', path: 'b.bin' },
      { kind: 'renamed', path: 'new name.txt', from: 'old name.txt' },
      { kind: 'added', path: 'caf\u00e9.txt' },
      { kind: 'deleted', path: 'gone' },
    ]);
    expect(rest.equals(patch)).toBe(true);
  });

  it('handles an empty diff', () => {
    const { files, patch } = splitPatchWithRaw(Buffer.alloc(0));
    expect(files).toEqual([]);
    expect(patch.length).toBe(0);
  });
});
