import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * What a linked worktree's own git directory says about it, read from the file system: these
 * questions come up on recovery paths, where a git call per question would be wasted.
 */

/** `<worktree>/.git` is a file `gitdir: <path>` pointing into the main repository. */
export async function worktreeGitDir(worktree: string): Promise<string | undefined> {
  const dotGit = path.join(worktree, '.git');
  const content = await fs.readFile(dotGit, 'utf8').catch(() => undefined);
  const match = content === undefined ? undefined : /^gitdir: (.+)$/m.exec(content);
  return match?.[1] === undefined ? undefined : path.resolve(worktree, match[1].trim());
}

/** A rebase left half-done (a crash, or a conflict we gave up on without aborting). */
export async function rebaseInProgress(worktree: string): Promise<boolean> {
  const gitDir = await worktreeGitDir(worktree);
  if (gitDir === undefined) return false;
  const found = await Promise.all(['rebase-merge', 'rebase-apply'].map((d) => exists(path.join(gitDir, d))));
  return found.some(Boolean);
}

export async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** Paths compared as the file system sees them (`/tmp` vs `/private/tmp` on macOS). */
export async function samePath(a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  const [ra, rb] = await Promise.all([a, b].map((p) => fs.realpath(p).catch(() => path.resolve(p))));
  return ra === rb;
}
