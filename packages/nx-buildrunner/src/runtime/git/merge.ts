import * as path from 'node:path';
import { acquireLock } from '../lock';
import { taskCommitMessage } from './commit';
import type { ConflictResolver } from './conflict';
import { firstLine, nulFields } from './exec';
import { DEFAULT_INTEGRATION_BRANCH, headRef } from './names';
import { rebaseTask } from './rebase';
import { readBranchTips, updateRef } from './refs';
import type { Repo } from './repo';
import { gitFailure } from './result';
import { parkWorktree } from './pool';
import { removeTaskWorktree } from './remove';
import type { TaskWorktree } from './worktree';

export interface MergeRequest {
  worktree: TaskWorktree;
  /** The task's commit (from commitTask). */
  commit: string;
  /** Its parent, as commitTask reported it; default `worktree.base`. Must be the parent: a tip still there is fast-forwarded to `commit`. */
  base?: string;
  title: string;
  integration?: string;
  /** One agent turn to resolve a rebase conflict; without it a conflict fails the merge. */
  resolveConflict?: ConflictResolver;
  /** How long to wait for other tasks' merges. Default 10 minutes. */
  lockTimeoutMs?: number;
  /** Place in the merge lock's line among tasks of this process (see lock.ts); higher goes first. */
  priority?: number;
  /**
   * What becomes of the worktree after a successful merge; the task branch is deleted unless
   * `keep`. `park` (default) recycles the checkout for the next task (see pool.ts), `remove`
   * deletes it. After a failure the worktree is always kept.
   */
  afterMerge?: 'park' | 'remove' | 'keep';
}

export type MergeHow = 'fast-forward' | 'merge-commit' | 'already-merged';

export type MergeResult =
  | {
      ok: true;
      how: MergeHow;
      integrationBefore: string;
      integrationAfter: string;
      /** The commit that was merged: the task's own, or its rebased copy after a conflict. */
      taskCommit: string;
      /** Its parent: `git diff --binary taskBase taskCommit` is the change as merged. */
      taskBase: string;
      rebased: boolean;
      /** Set when the merge succeeded but removing the worktree or branch did not. */
      cleanupProblem?: string;
    }
  | {
      ok: false;
      reason: 'conflict' | 'lock' | 'git';
      message: string;
      /** Conflicting files, for `conflict`. */
      files: string[];
      /** The task's worktree, kept for a look. */
      worktree: string;
    };

/** Rounds of "merge, or rebase onto the new tip"; more means other merges keep racing ahead. */
const MAX_ROUNDS = 3;

export function mergeLockPath(repo: Repo, integration: string = DEFAULT_INTEGRATION_BRANCH): string {
  return path.join(repo.stateDir, 'locks', `merge-${integration.replace(/\//g, '-')}.lock`);
}

type Attempt =
  | { kind: 'merged'; how: MergeHow; before: string; after: string }
  | { kind: 'conflict'; tip: string; files: string[] }
  /** The branch moved between our read and our write: something outside the run updated it. */
  | { kind: 'moved' }
  | { kind: 'failed'; message: string };

/**
 * Merges a task's commit into the integration branch. The branch moves only by one
 * compare-and-swap `update-ref` from its old tip to a commit that already holds the whole
 * merge, so it is never half-merged and never touched on failure; the user's checkout is not
 * involved at all. Merging again after a crash reports `already-merged` instead of committing
 * twice. A conflict is rebased in the task's worktree with the lock released, since a resolver
 * turn can take minutes and every other task's merge would wait on it.
 */
export async function mergeTask(repo: Repo, request: MergeRequest): Promise<MergeResult> {
  const integration = request.integration ?? DEFAULT_INTEGRATION_BRANCH;
  const wt = request.worktree;
  const fail = (reason: 'conflict' | 'lock' | 'git', message: string, files: string[] = []): MergeResult => ({
    ok: false,
    reason,
    message: `${message}; the worktree is kept at ${wt.path}`,
    files,
    worktree: wt.path,
  });
  let commit = request.commit;
  let taskBase = request.base ?? wt.base;
  let rebased = false;
  let resolver = request.resolveConflict;

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const lock = await acquireLock(mergeLockPath(repo, integration), {
      purpose: `merge ${wt.taskId} into ${integration}`,
      timeoutMs: request.lockTimeoutMs ?? 600_000,
      ...(request.priority === undefined ? {} : { priority: request.priority }),
    });
    if (!lock.ok) return fail('lock', lock.message);
    let attempt: Attempt;
    try {
      attempt = await mergeOnce(repo, integration, { commit, base: taskBase }, wt.taskId, request.title);
    } finally {
      await lock.lock.release();
    }
    if (attempt.kind === 'failed') return fail('git', attempt.message);
    if (attempt.kind === 'moved') continue;
    if (attempt.kind === 'merged') {
      const result: MergeResult = {
        ok: true,
        how: attempt.how,
        integrationBefore: attempt.before,
        integrationAfter: attempt.after,
        taskCommit: commit,
        taskBase,
        rebased,
      };
      const after = request.afterMerge ?? 'park';
      if (after === 'keep') return result;
      const retired = after === 'park' ? await parkWorktree(repo, wt, { branchAt: commit }) : await removeTaskWorktree(repo, wt, { deleteBranchAt: commit });
      return retired.ok ? result : { ...result, cleanupProblem: retired.message };
    }
    const replayed = await rebaseTask(repo, wt, attempt.tip, resolver);
    // The resolver is one agent turn per merge, however many rounds it takes.
    resolver = undefined;
    if (!replayed.ok) return fail(replayed.reason === 'conflict' ? 'conflict' : 'git', replayed.message, replayed.reason === 'conflict' ? replayed.files : attempt.files);
    commit = replayed.commit;
    taskBase = attempt.tip;
    rebased = true;
  }
  return fail('git', `${integration} kept moving while ${wt.taskId} was being merged (${MAX_ROUNDS} rounds)`);
}

/**
 * One try under the lock: classify, then fast-forward, merge or report the conflict. `task.base`
 * is the commit's parent: when the tip is still there, the merge is a fast-forward without asking
 * git, which is the usual case when tasks merge one after another.
 */
async function mergeOnce(repo: Repo, integration: string, task: { commit: string; base: string }, taskId: string, title: string): Promise<Attempt> {
  const { commit } = task;
  const tips = await readBranchTips(repo, [integration]);
  if (!tips.ok) return { kind: 'failed', message: tips.message };
  const tip = tips.tips.get(integration)?.commit;
  if (tip === undefined) return { kind: 'failed', message: `integration branch ${integration} does not exist` };
  if (tip === commit) return { kind: 'merged', how: 'already-merged', before: tip, after: tip };

  let mergeBase = tip;
  if (tip !== task.base) {
    const base = await repo.git(['merge-base', tip, commit]);
    if (base.code !== 0) return { kind: 'failed', message: gitFailure(`${commit.slice(0, 12)} shares no history with ${integration}`, base).message };
    mergeBase = firstLine(base);
    if (mergeBase === commit) return { kind: 'merged', how: 'already-merged', before: tip, after: tip };
  }

  let next = commit;
  let how: MergeHow = 'fast-forward';
  if (mergeBase !== tip) {
    const merged = await repo.git(['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', tip, commit], { timeoutMs: repo.treeTimeoutMs });
    if (merged.code === 1) return { kind: 'conflict', tip, files: nulFields(merged).slice(1) };
    if (merged.code !== 0) return { kind: 'failed', message: gitFailure(`merging ${taskId}`, merged).message };
    const tree = nulFields(merged)[0] ?? '';
    const made = await repo.git(['commit-tree', tree, '-p', tip, '-p', commit, '-F', '-'], { input: `Merge ${taskCommitMessage(taskId, title)}` });
    if (made.code !== 0) return { kind: 'failed', message: gitFailure(`committing the merge of ${taskId}`, made).message };
    next = firstLine(made);
    how = 'merge-commit';
  }
  const moved = await updateRef(repo, { ref: headRef(integration), to: next, from: tip, message: `buildrunner: merge ${taskId}`, breakStaleLock: true });
  if (moved.ok) return { kind: 'merged', how, before: tip, after: next };
  return moved.reason === 'moved' ? { kind: 'moved' } : { kind: 'failed', message: moved.message };
}
