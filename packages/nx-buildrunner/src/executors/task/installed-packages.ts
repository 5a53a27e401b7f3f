import { lstat, mkdir, readdir, rmdir, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { text } from '../../runtime/git/exec';
import type { Repo } from '../../runtime/git/repo';

const PACKAGES = 'node_modules';

/** `.`, `a`, `a/b` for a spec folder `a/b`: every folder a package manager may have installed into. */
function foldersDownTo(specDir: string): string[] {
  const parts = specDir === '.' ? [] : specDir.split('/');
  return ['.', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))];
}

async function isDir(p: string): Promise<boolean> {
  return lstat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function absent(p: string): Promise<boolean> {
  return lstat(p).then(
    () => false,
    () => true,
  );
}

/**
 * A worktree is a fresh checkout, without the packages the user installed, so verify commands
 * (`npx vitest`, `npm test`) would fail for reasons that have nothing to do with the task. Each
 * `node_modules` of the user's checkout, from the repository root down to the spec's folder,
 * gets a real folder in the worktree holding a link to each of its entries, where git ignores
 * that folder. A link in place of the folder would not do: git sees a link as a file, which
 * the usual `node_modules/` pattern does not ignore, so the task's commit would take it along.
 * Returns the folders filled (worktree-relative).
 */
export async function linkInstalledPackages(repo: Repo, worktree: string, specDir: string): Promise<string[]> {
  const made: string[] = [];
  for (const dir of foldersDownTo(specDir)) {
    const rel = dir === '.' ? PACKAGES : `${dir}/${PACKAGES}`;
    const target = path.join(worktree, rel);
    if (!(await isDir(path.join(repo.root, rel))) || !(await isDir(path.dirname(target))) || !(await absent(target))) continue;
    await mkdir(target);
    made.push(rel);
  }
  if (made.length === 0) return [];
  // Prints the ignored ones; exits 1 when none is.
  const ignored = await repo.git(['check-ignore', '--', ...made], { cwd: worktree });
  const linkable = new Set(text(ignored).split('\n').map((l) => l.trim()).filter(Boolean));
  const linked: string[] = [];
  for (const rel of made) {
    const target = path.join(worktree, rel);
    if (!linkable.has(rel)) {
      await rmdir(target);
      continue;
    }
    const source = path.join(repo.root, rel);
    const entries = await readdir(source, { withFileTypes: true });
    await Promise.all(
      entries.map((e) => symlink(path.join(source, e.name), path.join(target, e.name), e.isDirectory() && process.platform === 'win32' ? 'junction' : undefined)),
    );
    linked.push(rel);
  }
  return linked;
}
