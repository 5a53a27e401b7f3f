import { nulFields } from '../git/exec';
import type { Repo } from '../git/repo';

/** Of these worktree-relative paths, the ones git ignores. */
export type IgnoreFilter = (paths: readonly string[]) => Promise<Set<string>>;

/**
 * git's own answer, in one call per batch: `.gitignore` files (as the agent may have just edited
 * them), `info/exclude` and the global excludes. Tracked files are never ignored. When git cannot
 * answer, nothing is ignored: a spurious event is better than a missed one.
 */
export function gitIgnored(repo: Repo, worktree: string): IgnoreFilter {
  return async (paths) => {
    if (paths.length === 0) return new Set();
    const out = await repo.git(['--no-optional-locks', 'check-ignore', '-z', '--stdin'], { cwd: worktree, input: paths.join('\0') });
    return out.code === 0 ? new Set(nulFields(out)) : new Set();
  };
}
