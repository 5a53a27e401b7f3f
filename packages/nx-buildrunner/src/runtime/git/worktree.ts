import { promises as fs } from 'node:fs';
import { DEFAULT_INTEGRATION_BRANCH, failedBranch, headRef, taskBranch, taskIdProblem, worktreePath } from './names';
import { isAncestor, readBranchTips, updateRef, type BranchTip } from './refs';
import type { Repo } from './repo';
import { gitFailure, type GitFailure } from './result';
import { unparkWorktree } from './pool';
import { ensureStateDirExcluded } from './state-dir';
import { listWorktrees, type WorktreeEntry } from './worktree-list';
import { exists, rebaseInProgress, samePath } from './worktree-state';

/** A task's place in git: its branch, checked out in its own worktree, started from `base`. */
export interface TaskWorktree {
  taskId: string;
  branch: string;
  /** Absolute path of the worktree: the whole repository; callers work in `<path>/<specDir>`. */
  path: string;
  /** The integration tip the task started from: its diff and its commit are against this. */
  base: string;
  baseTree: string;
}

export interface PrepareOptions {
  integration?: string;
  /**
   * Leftover commits on the task branch that the integration branch does not have are kept on
   * `br/failed/<taskId>-<commit>` unless this is set, in which case they are dropped.
   */
  discardUnmerged?: boolean;
}

/**
 * Where the checkout came from: `checkout` a new `git worktree add`, `recycled` a parked worktree
 * of a finished task, `recovered` this task's own leftover from a crashed run, cleaned.
 */
export type WorktreeOrigin = 'checkout' | 'recycled' | 'recovered';

export type PrepareResult =
  | {
      ok: true;
      worktree: TaskWorktree;
      origin: WorktreeOrigin;
      /** Where an earlier run's unmerged commits were kept. */
      kept?: string;
    }
  | { ok: false; reason: 'invalid-task' | 'no-integration' | 'busy' | 'io'; message: string }
  | GitFailure;

/**
 * Gives a task a fresh worktree on `br/task/<taskId>`, at the integration branch's tip, so the
 * merged results of the tasks it depends on are in it. Safe to call again after a crash at any
 * point: whatever an earlier run left (worktree, branch, stale registration, half-done rebase)
 * ends as the same state, and work that was never merged is kept rather than lost.
 */
export async function prepareTaskWorktree(repo: Repo, taskId: string, options: PrepareOptions = {}): Promise<PrepareResult> {
  const problem = taskIdProblem(taskId);
  if (problem) return { ok: false, reason: 'invalid-task', message: problem };
  const excluded = await ensureStateDirExcluded(repo);
  if (!excluded.ok) return excluded;
  const integration = options.integration ?? DEFAULT_INTEGRATION_BRANCH;
  const branch = taskBranch(taskId);
  const dir = worktreePath(repo.worktreesDir, taskId);
  const [tips, dirExists] = await Promise.all([readBranchTips(repo, [integration, branch]), exists(dir)]);
  if (!tips.ok) return tips;
  const tip = tips.tips.get(integration);
  if (!tip) return { ok: false, reason: 'no-integration', message: `integration branch ${integration} does not exist (ensureIntegrationBranch creates it)` };
  const worktree: TaskWorktree = { taskId, branch, path: dir, base: tip.commit, baseTree: tip.tree };
  const leftover = tips.tips.get(branch);

  if (!leftover && !dirExists) {
    // The hot path. A registration whose folder is gone only shows up as a failure of `add`.
    if (await unparkWorktree(repo, worktree)) return { ok: true, worktree, origin: 'recycled' };
    const added = await addWorktree(repo, worktree);
    if (added.code === 0) return { ok: true, worktree, origin: 'checkout' };
    await repo.git(['worktree', 'prune']);
    const again = await addWorktree(repo, worktree);
    return again.code === 0 ? { ok: true, worktree, origin: 'checkout' } : gitFailure(`creating worktree ${dir}`, again);
  }
  return recover(repo, worktree, tip, leftover, options.discardUnmerged === true);
}

/**
 * `-B` (create or reset) rather than `-b`: callers only get here when the branch is absent or its
 * commits were kept, and a retry after a failed `add` that had already created the branch works.
 */
function addWorktree(repo: Repo, wt: TaskWorktree) {
  return repo.git(['worktree', 'add', '-q', '-B', wt.branch, wt.path, wt.base], { timeoutMs: repo.treeTimeoutMs });
}

async function recover(repo: Repo, wt: TaskWorktree, tip: BranchTip, leftover: BranchTip | undefined, discard: boolean): Promise<PrepareResult> {
  const listed = await listWorktrees(repo);
  if (!listed.ok) return listed;
  const entry = await findEntry(listed.worktrees, wt.path);
  const elsewhere = listed.worktrees.find((w) => w.branch === wt.branch && w !== entry && !w.prunable);
  if (elsewhere) return { ok: false, reason: 'busy', message: `${wt.branch} is checked out in ${elsewhere.path}; remove that worktree first` };

  let kept: string | undefined;
  let unmerged = false;
  if (leftover && leftover.commit !== tip.commit) {
    const merged = await isAncestor(repo, leftover.commit, tip.commit);
    if (!merged.ok) return merged;
    unmerged = !merged.isAncestor;
    if (unmerged && !discard) {
      const keep = await keepCommit(repo, wt.taskId, leftover.commit);
      if (!keep.ok) return keep;
      kept = keep.branch;
    }
  }
  const withKept = kept === undefined ? {} : { kept };

  if (!unmerged && entry && !entry.prunable && !entry.locked) {
    if (await resetWorktree(repo, wt, entry)) return { ok: true, worktree: wt, origin: 'recovered', ...withKept };
  }
  if (entry && !entry.prunable) await repo.git(['worktree', 'remove', '--force', '--force', wt.path], { timeoutMs: repo.treeTimeoutMs });
  try {
    await fs.rm(wt.path, { recursive: true, force: true });
  } catch (err) {
    return { ok: false, reason: 'io', message: `cannot remove leftover ${wt.path}: ${String(err)}` };
  }
  await repo.git(['worktree', 'prune']);
  // This points an existing branch at the integration tip; its own commits were kept above.
  const added = await addWorktree(repo, wt);
  if (added.code !== 0) return gitFailure(`creating worktree ${wt.path}`, added);
  return { ok: true, worktree: wt, origin: 'checkout', ...withKept };
}

async function findEntry(entries: readonly WorktreeEntry[], dir: string): Promise<WorktreeEntry | undefined> {
  for (const entry of entries) if (await samePath(entry.path, dir)) return entry;
  return undefined;
}

/** The same state a fresh checkout would have: the task branch at the integration tip, nothing else. */
async function resetWorktree(repo: Repo, wt: TaskWorktree, entry: WorktreeEntry): Promise<boolean> {
  const cwd = wt.path;
  // The branch still points at its pre-rebase commit; only the rebase's own state is dropped.
  if (await rebaseInProgress(cwd)) await repo.git(['rebase', '--quit'], { cwd });
  // Detached by that rebase or by the agent: HEAD goes back to the task branch before the reset moves it.
  if (entry.branch !== wt.branch) {
    const attached = await repo.git(['symbolic-ref', 'HEAD', headRef(wt.branch)], { cwd });
    if (attached.code !== 0) return false;
  }
  const reset = await repo.git(['reset', '-q', '--hard', wt.base], { cwd, timeoutMs: repo.treeTimeoutMs });
  if (reset.code !== 0) return false;
  const clean = await repo.git(['clean', '-ffdxq'], { cwd, timeoutMs: repo.treeTimeoutMs });
  return clean.code === 0;
}

export type KeepResult = { ok: true; branch: string } | { ok: false; reason: 'git'; message: string };

/** Puts `commit` on `br/failed/<taskId>-<commit>`; keeping the same commit twice is a no-op. */
export async function keepCommit(repo: Repo, taskId: string, commit: string): Promise<KeepResult> {
  const branch = failedBranch(taskId, commit);
  const made = await updateRef(repo, { ref: headRef(branch), to: commit, from: '', message: `buildrunner: keep unmerged work of ${taskId}` });
  if (made.ok) return { ok: true, branch };
  const now = await readBranchTips(repo, [branch]);
  if (now.ok && now.tips.get(branch)?.commit === commit) return { ok: true, branch };
  return { ok: false, reason: 'git', message: `keeping ${commit.slice(0, 12)} of ${taskId} on ${branch}: ${made.message}` };
}
