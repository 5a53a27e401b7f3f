import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { deleteBranch, removeTaskWorktree, type RemoveResult } from './remove';
import type { Repo } from './repo';
import type { TaskWorktree } from './worktree';

/**
 * Finished worktrees are recycled instead of deleted: checking out a whole tree is the most
 * expensive step of a task in a large repository (10,000 files: hundreds of milliseconds to
 * seconds), while moving a parked worktree into place and switching it to the new tip writes
 * only the files that differ. A parked worktree is detached, has no branch, and belongs to no
 * task; `cleanLeftovers` removes them all at the end of a run.
 */
const POOL_FOLDER = '.pool';

/** Enough for the usual number of parallel workers; each parked worktree costs a checkout's disk space. */
export const DEFAULT_MAX_PARKED = 4;

export function poolDir(repo: Repo): string {
  return path.join(repo.worktreesDir, POOL_FOLDER);
}

async function parked(repo: Repo): Promise<string[]> {
  const names = await fs.readdir(poolDir(repo)).catch(() => [] as string[]);
  return names.map((n) => path.join(poolDir(repo), n));
}

export interface ParkOptions {
  /** The commit the task branch holds (merged); the branch is deleted only if it is still there. */
  branchAt: string;
  maxParked?: number;
}

/**
 * Retires a merged task's worktree: its branch is deleted and the checkout moves to the pool, or
 * is removed when the pool is full. Each step leaves a state the next run understands: a
 * detached worktree at the task's path is reused or removed like any leftover.
 */
export async function parkWorktree(repo: Repo, wt: TaskWorktree, options: ParkOptions): Promise<RemoveResult> {
  const full = (await parked(repo)).length >= (options.maxParked ?? DEFAULT_MAX_PARKED);
  if (full) return removeTaskWorktree(repo, wt, { deleteBranchAt: options.branchAt });
  const detached = await repo.git(['update-ref', '--no-deref', 'HEAD', options.branchAt], { cwd: wt.path });
  if (detached.code !== 0) return removeTaskWorktree(repo, wt, { deleteBranchAt: options.branchAt });
  const deleted = await deleteBranch(repo, wt.branch, options.branchAt);
  if (!deleted.ok) return deleted;
  await fs.mkdir(poolDir(repo), { recursive: true });
  const moved = await repo.git(['worktree', 'move', wt.path, path.join(poolDir(repo), `${wt.taskId}-${randomUUID().slice(0, 8)}`)]);
  return moved.code === 0 ? { ok: true } : removeTaskWorktree(repo, wt);
}

/**
 * Puts a parked worktree at the task's path, on the task branch at `wt.base`, with nothing else
 * in it (untracked and ignored files removed): the same state a fresh checkout has. False when
 * the pool is empty or every try failed; the caller then checks out afresh.
 */
export async function unparkWorktree(repo: Repo, wt: TaskWorktree): Promise<boolean> {
  // Two tries: a concurrent task may take the same parked worktree first (its move wins, ours fails).
  for (const source of (await parked(repo)).slice(0, 2)) {
    const moved = await repo.git(['worktree', 'move', source, wt.path]);
    if (moved.code !== 0) continue;
    const cwd = wt.path;
    const switched = await repo.git(['checkout', '-q', '-f', '-B', wt.branch, wt.base], { cwd, timeoutMs: repo.treeTimeoutMs });
    const cleaned = switched.code === 0 && (await repo.git(['clean', '-ffdxq'], { cwd, timeoutMs: repo.treeTimeoutMs })).code === 0;
    if (cleaned) return true;
    await removeTaskWorktree(repo, wt);
    return false;
  }
  return false;
}
