import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isProcessAlive, removeStaleLock } from '../lock';
import { text } from './exec';
import { DEFAULT_INTEGRATION_BRANCH, FAILED_BRANCH_PREFIX, TASK_BRANCH_PREFIX, headRef, taskBranch, taskIdOfBranch } from './names';
import type { Repo } from './repo';
import { gitFailure, type GitFailure } from './result';
import { poolDir } from './pool';
import { removeTaskWorktree } from './remove';
import { listWorktrees } from './worktree-list';

/** What an earlier run left behind for one task. */
export interface TaskLeftover {
  taskId: string;
  /** `br/task/<taskId>`, when it exists. */
  branch?: string;
  tip?: string;
  /** True when the integration branch has everything on the task branch (or there is none). */
  merged: boolean;
  /** The worktree folder, when it exists or is still registered. */
  worktree?: string;
  /** Registered with git; false for a bare folder that a crash left behind. */
  registered: boolean;
}

export interface Leftovers {
  tasks: TaskLeftover[];
  /** `br/failed/...` branches: unmerged work kept from earlier runs, for the user to look at. */
  failedBranches: Array<{ branch: string; commit: string }>;
  /** Recycled checkouts waiting for the next task (pool.ts). */
  parked: string[];
}

export type LeftoversResult = ({ ok: true } & Leftovers) | GitFailure;

export async function listLeftovers(repo: Repo, integration: string = DEFAULT_INTEGRATION_BRANCH): Promise<LeftoversResult> {
  const [refs, listed, folders] = await Promise.all([
    repo.git(['for-each-ref', '--format=%(refname)%00%(objectname)', headRef(integration), `refs/heads/${TASK_BRANCH_PREFIX}`, `refs/heads/${FAILED_BRANCH_PREFIX}`]),
    listWorktrees(repo),
    fs.readdir(repo.worktreesDir).catch(() => [] as string[]),
  ]);
  if (refs.code !== 0) return gitFailure('listing the run branches', refs);
  if (!listed.ok) return listed;
  const branches = new Map<string, string>();
  for (const line of text(refs).split('\n')) {
    const [ref, commit] = line.split('\0');
    if (ref && commit) branches.set(ref.replace(/^refs\/heads\//, ''), commit);
  }
  let merged = new Set<string>();
  if (branches.has(integration)) {
    const out = await repo.git(['for-each-ref', `--merged=${headRef(integration)}`, '--format=%(refname)', `refs/heads/${TASK_BRANCH_PREFIX}`]);
    if (out.code !== 0) return gitFailure('checking which task branches are merged', out);
    merged = new Set(text(out).split('\n').filter(Boolean).map((r) => r.replace(/^refs\/heads\//, '')));
  }

  const tasks = new Map<string, TaskLeftover>();
  const entry = (taskId: string): TaskLeftover => {
    let t = tasks.get(taskId);
    if (!t) tasks.set(taskId, (t = { taskId, merged: true, registered: false }));
    return t;
  };
  for (const [branch, commit] of branches) {
    const taskId = taskIdOfBranch(branch);
    if (taskId === undefined) continue;
    Object.assign(entry(taskId), { branch, tip: commit, merged: merged.has(branch) });
  }
  const inside = `${path.resolve(repo.worktreesDir)}${path.sep}`;
  const pool = `${poolDir(repo)}${path.sep}`;
  const parked: string[] = [];
  for (const w of listed.worktrees) {
    if (w.path.startsWith(pool)) parked.push(w.path);
    else if (w.path.startsWith(inside)) Object.assign(entry(path.basename(w.path)), { worktree: w.path, registered: true });
  }
  for (const name of folders) {
    // Task ids never start with a dot: this is the pool, or a file such as .DS_Store.
    if (name.startsWith('.')) continue;
    const t = entry(name);
    t.worktree ??= path.join(repo.worktreesDir, name);
  }
  const failedBranches = [...branches]
    .filter(([b]) => b.startsWith(FAILED_BRANCH_PREFIX))
    .map(([branch, commit]) => ({ branch, commit }));
  return { ok: true, tasks: [...tasks.values()].sort((a, b) => a.taskId.localeCompare(b.taskId)), failedBranches, parked };
}

export interface CleanOptions {
  integration?: string;
  /** Tasks running right now: never touched (a fresh task branch looks merged: it has no commits). */
  active?: ReadonlySet<string>;
  /** Also drop task branches and worktrees with unmerged commits (default: keep them). */
  discardUnmerged?: boolean;
  /** Leave recycled checkouts for the next run (default: remove them too). */
  keepParked?: boolean;
}

export interface CleanReport {
  removedWorktrees: string[];
  deletedBranches: string[];
  /** Unmerged task work left in place, for the user or a resumed run. */
  kept: TaskLeftover[];
  removedLocks: string[];
  problems: string[];
}

export type CleanResult = ({ ok: true } & CleanReport) | GitFailure;

/**
 * Removes what crashed runs left: worktrees and branches of tasks that are merged (or never
 * committed anything), parked checkouts, folders git does not know, stale worktree
 * registrations, and locks whose owner died. Unmerged work stays unless `discardUnmerged`.
 * Meant for the start or end of a run.
 */
export async function cleanLeftovers(repo: Repo, options: CleanOptions = {}): Promise<CleanResult> {
  const found = await listLeftovers(repo, options.integration);
  if (!found.ok) return found;
  const report: CleanReport = { removedWorktrees: [], deletedBranches: [], kept: [], removedLocks: [], problems: [] };
  for (const t of found.tasks) {
    if (options.active?.has(t.taskId)) continue;
    if (!t.merged && !options.discardUnmerged) {
      report.kept.push(t);
      continue;
    }
    const wt = { path: t.worktree ?? path.join(repo.worktreesDir, t.taskId), branch: t.branch ?? taskBranch(t.taskId) };
    const removed = await removeTaskWorktree(repo, wt, t.tip === undefined ? {} : { deleteBranchAt: t.tip });
    if (!removed.ok) {
      report.problems.push(removed.message);
      continue;
    }
    if (t.worktree) report.removedWorktrees.push(t.worktree);
    if (t.branch) report.deletedBranches.push(t.branch);
  }
  if (!options.keepParked) {
    for (const p of found.parked) {
      const removed = await removeTaskWorktree(repo, { path: p });
      if (removed.ok) report.removedWorktrees.push(p);
      else report.problems.push(removed.message);
    }
    await fs.rm(poolDir(repo), { recursive: true, force: true });
  }
  const pruned = await repo.git(['worktree', 'prune']);
  if (pruned.code !== 0) report.problems.push(gitFailure('pruning worktrees', pruned).message);
  report.removedLocks = await sweepLocks(path.join(repo.stateDir, 'locks'));
  return { ok: true, ...report };
}

/** Locks of dead owners, and files a lock breaker killed half-way left behind. */
async function sweepLocks(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if (name.endsWith('.lock')) {
      if ((await removeStaleLock(file)).state === 'removed') removed.push(file);
    } else {
      // `<lock>.stale-<pid>-<uuid>`: only garbage once the breaker that made it is gone.
      const breaker = /\.lock\.stale-(\d+)-/.exec(name)?.[1];
      if (breaker !== undefined && !isProcessAlive(Number(breaker))) {
        await fs.rm(file, { force: true });
        removed.push(file);
      }
    }
  }
  return removed;
}
