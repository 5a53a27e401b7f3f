import { lstat, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { text } from '../../runtime/git/exec';
import type { Repo } from '../../runtime/git/repo';

const PACKAGES = 'node_modules';

/** `.`, `a`, `a/b` for a spec folder `a/b`: every folder a package manager may have installed into. */
function foldersDownTo(specDir: string): string[] {
  const parts = specDir === '.' ? [] : specDir.split('/');
  return ['.', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))];
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

/**
 * A worktree is a fresh checkout, without the packages the user installed, so verify commands
 * (`npx vitest`, `npm test`) would fail for reasons that have nothing to do with the task. Each
 * `node_modules` of the user's checkout, from the repository root down to the spec's folder, is
 * linked into the worktree, but only where git ignores it: otherwise the task's commit would
 * take the link along. Returns the folders linked (worktree-relative).
 */
export async function linkInstalledPackages(repo: Repo, worktree: string, specDir: string): Promise<string[]> {
  const wanted: string[] = [];
  for (const dir of foldersDownTo(specDir)) {
    const rel = dir === '.' ? PACKAGES : `${dir}/${PACKAGES}`;
    if ((await exists(path.join(repo.root, rel))) && !(await exists(path.join(worktree, rel)))) wanted.push(rel);
  }
  if (wanted.length === 0) return [];
  // Prints the ignored ones; exits 1 when none is.
  const ignored = await repo.git(['check-ignore', '--', ...wanted], { cwd: worktree });
  const linkable = new Set(text(ignored).split('\n').map((l) => l.trim()).filter(Boolean));
  const linked: string[] = [];
  for (const rel of wanted.filter((r) => linkable.has(r))) {
    const target = path.join(worktree, rel);
    if (!(await exists(path.dirname(target)))) continue;
    await symlink(path.join(repo.root, rel), target, process.platform === 'win32' ? 'junction' : 'dir');
    linked.push(rel);
  }
  return linked;
}
