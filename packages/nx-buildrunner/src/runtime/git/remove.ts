import { promises as fs } from 'node:fs';
import { headRef } from './names';
import { readBranchTips, updateRef } from './refs';
import type { Repo } from './repo';
import { gitFailure } from './result';

export interface RemoveOptions {
  /** Delete the task branch too, if it is still at this commit (the one that was merged). */
  deleteBranchAt?: string;
}

export type RemoveResult = { ok: true } | { ok: false; reason: 'git' | 'io' | 'moved'; message: string };

/** Removes a worktree (and its merged branch); a folder git no longer knows is deleted too. Idempotent. */
export async function removeTaskWorktree(repo: Repo, wt: { path: string; branch?: string }, options: RemoveOptions = {}): Promise<RemoveResult> {
  const removed = await repo.git(['worktree', 'remove', '--force', '--force', wt.path], { timeoutMs: repo.treeTimeoutMs });
  if (removed.code !== 0) {
    try {
      await fs.rm(wt.path, { recursive: true, force: true });
    } catch (err) {
      return { ok: false, reason: 'io', message: `cannot remove ${wt.path}: ${String(err)}` };
    }
    const pruned = await repo.git(['worktree', 'prune']);
    if (pruned.code !== 0) return gitFailure(`pruning worktree ${wt.path}`, pruned);
  }
  return options.deleteBranchAt === undefined || wt.branch === undefined ? { ok: true } : deleteBranch(repo, wt.branch, options.deleteBranchAt);
}

/** Deletes `branch` if it is at `at`; already gone counts as done, moved elsewhere does not. */
export async function deleteBranch(repo: Repo, branch: string, at: string): Promise<RemoveResult> {
  const deleted = await updateRef(repo, { ref: headRef(branch), from: at, message: 'buildrunner: task merged' });
  if (deleted.ok || deleted.reason !== 'moved') return deleted;
  const now = await readBranchTips(repo, [branch]);
  return now.ok && !now.tips.has(branch) ? { ok: true } : deleted;
}
