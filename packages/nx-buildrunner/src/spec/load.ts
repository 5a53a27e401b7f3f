import { readFileSync } from 'node:fs';
import { error } from './diagnostic';
import { sha256Hex } from './hash';
import { parseSpec } from './parse';
import { emptySpec } from './read-spec';
import type { Spec } from './types';

/** The file system edge of spec/: reads the file and parses it; a file that cannot be read is a diagnostic. */
export function loadSpec(path: string): Spec {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    return emptySpec(path, sha256Hex(''), [error(`cannot read ${path}: ${reason}`, 0)]);
  }
  return parseSpec(bytes, path);
}
