import { commitTask, taskPatch } from '../../runtime/git/commit';
import type { ConflictResolver } from '../../runtime/git/conflict';
import { mergeTask } from '../../runtime/git/merge';
import type { Repo } from '../../runtime/git/repo';
import { parkWorktree } from '../../runtime/git/pool';
import type { TaskWorktree } from '../../runtime/git/worktree';
import { leakedSecrets } from './secret-guard';

export interface DeliverInput {
  worktree: TaskWorktree;
  title: string;
  integration: string;
  resolveConflict: ConflictResolver;
  env: NodeJS.ProcessEnv;
  /** For the merge lock: see `TaskRunDeps.priority`. */
  priority?: number;
}

export type Delivered =
  | {
      ok: true;
      /** Undefined when the verified worktree held no change: nothing was committed. */
      commit?: string;
      integrationCommit: string;
      files: string[];
      /** `change.patch`: the change as merged (after a rebase, the rebased one). */
      patch?: Buffer;
      rebased: boolean;
      /** The merge went through but removing the worktree or branch did not. */
      cleanupProblem?: string;
    }
  | {
      ok: false;
      message: string;
      /** The unmerged commit and its change, when there is one. */
      commit?: string;
      files: string[];
      patch?: Buffer;
    };

/**
 * Step 6: the worktree's change as one commit naming the task, merged into the integration branch
 * under the merge lock. A change carrying a credential of the run is refused before it can reach
 * the integration branch. On any failure the integration branch is as it was and the worktree is
 * kept; the message says where.
 */
export async function deliver(repo: Repo, input: DeliverInput): Promise<Delivered> {
  const wt = input.worktree;
  const kept = `the worktree is kept at ${wt.path}`;
  const committed = await commitTask(repo, wt, input.title);
  if (!committed.ok) return { ok: false, message: `${committed.message}; ${kept}`, files: [] };
  if (committed.status === 'no-changes') {
    const removed = await parkWorktree(repo, wt, { branchAt: wt.base });
    return { ok: true, integrationCommit: wt.base, files: [], rebased: false, ...(removed.ok ? {} : { cleanupProblem: removed.message }) };
  }
  const files = committed.files.map((f) => f.path);
  const leaked = leakedSecrets(committed.patch, input.env);
  if (leaked.length > 0) {
    return {
      ok: false,
      message: `the change contains the value of ${leaked.join(', ')}; it was not merged (commit ${committed.commit.slice(0, 12)} on ${wt.branch}); ${kept}`,
      commit: committed.commit,
      files,
      patch: committed.patch,
    };
  }
  const merged = await mergeTask(repo, {
    worktree: wt,
    commit: committed.commit,
    base: committed.base,
    title: input.title,
    integration: input.integration,
    resolveConflict: input.resolveConflict,
    ...(input.priority === undefined ? {} : { priority: input.priority }),
  });
  if (!merged.ok) return { ok: false, message: merged.message, commit: committed.commit, files, patch: committed.patch };
  let patch = committed.patch;
  let mergedFiles = files;
  if (merged.rebased) {
    const rebased = await taskPatch(repo, merged.taskBase, merged.taskCommit);
    if (rebased.ok) {
      patch = rebased.patch;
      mergedFiles = rebased.files.map((f) => f.path);
    }
  }
  return {
    ok: true,
    commit: merged.taskCommit,
    integrationCommit: merged.integrationAfter,
    files: mergedFiles,
    patch,
    rebased: merged.rebased,
    ...(merged.cleanupProblem === undefined ? {} : { cleanupProblem: merged.cleanupProblem }),
  };
}
