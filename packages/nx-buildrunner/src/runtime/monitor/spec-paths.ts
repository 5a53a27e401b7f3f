import { posix } from 'node:path';

/**
 * Tasks name their files relative to the spec's folder, git names them relative to the worktree
 * root; the monitor and the checks speak the task's language. A path outside the spec's folder
 * keeps its `../` so it can never be mistaken for one inside.
 */
export function specRelative(worktreePath: string, specDir: string): string {
  const p = posix.normalize(worktreePath.split('\\').join('/'));
  return specDir === '.' || specDir === '' ? p : posix.relative(specDir, p);
}

export function isOutside(specPath: string): boolean {
  return specPath === '..' || specPath.startsWith('../') || posix.isAbsolute(specPath);
}
