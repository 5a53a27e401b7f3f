import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

export type FileState = 'present' | 'missing' | 'empty';

/**
 * Whether a task file is there and has content. A path that leaves `cwd` counts as missing:
 * verification only vouches for what is inside the project. Directories count when non-empty
 * (specs name component folders too).
 */
export async function fileState(cwd: string, file: string): Promise<FileState> {
  const root = path.resolve(cwd);
  const target = path.resolve(root, file);
  if (target !== root && !target.startsWith(root + path.sep)) return 'missing';
  try {
    const info = await stat(target);
    if (info.isDirectory()) return (await readdir(target)).length > 0 ? 'present' : 'empty';
    return info.size > 0 ? 'present' : 'empty';
  } catch {
    return 'missing';
  }
}
