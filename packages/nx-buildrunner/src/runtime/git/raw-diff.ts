/**
 * `git diff --patch-with-raw -z`: NUL-separated raw records (`:modes ids STATUS\0path\0`, a second
 * path for renames and copies), one NUL, then the ordinary patch, byte for byte what
 * `git diff --binary` prints. One call gives both the file list and `change.patch`.
 */

export type ChangeKind = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';

export interface FileChange {
  kind: ChangeKind;
  /** Repository-relative POSIX path after the change. */
  path: string;
  /** The source path of a rename or copy. */
  from?: string;
}

const KINDS: Record<string, ChangeKind> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed' };

export function splitPatchWithRaw(out: Buffer): { files: FileChange[]; patch: Buffer } {
  const files: FileChange[] = [];
  let pos = 0;
  const field = (): string => {
    const end = out.indexOf(0, pos);
    const stop = end < 0 ? out.length : end;
    const value = out.subarray(pos, stop).toString('utf8');
    pos = stop + 1;
    return value;
  };
  while (pos < out.length && out[pos] === 0x3a /* ':' */) {
    const status = field().split(' ').pop() ?? '';
    const letter = status.charAt(0);
    const first = field();
    if (letter === 'R' || letter === 'C') files.push({ kind: KINDS[letter] ?? 'modified', path: field(), from: first });
    else files.push({ kind: KINDS[letter] ?? 'modified', path: first });
  }
  if (pos < out.length && out[pos] === 0) pos += 1;
  return { files, patch: out.subarray(pos) };
}
