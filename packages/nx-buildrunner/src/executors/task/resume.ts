import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { taskPatch } from '../../runtime/git/commit';
import { isAncestor, readBranchTips } from '../../runtime/git/refs';
import type { Repo } from '../../runtime/git/repo';
import { removeTaskWorktree } from '../../runtime/git/remove';
import type { TaskWorktree } from '../../runtime/git/worktree';
import { exists, worktreeGitDir } from '../../runtime/git/worktree-state';
import type { DeliveryCheckpoint } from '../../runtime/state/delivery';
import { mergedTaskCommit } from '../../runtime/state/merged-commit';

/** What to do with a delivery an earlier process of this task left unfinished. */
export type ResumePlan =
  /** Its commit reached the integration branch: only the record is missing. */
  | { kind: 'merged'; commit: string; integrationCommit: string; files: string[]; patch?: Buffer; cleanupProblem?: string }
  /** The verified worktree is still there: commit (or find the commit) and merge it. */
  | { kind: 'deliver'; worktree: TaskWorktree }
  | { kind: 'start-over'; reason: string };

/**
 * A delivery interrupted by a kill -9 (while committing, merging or recording) is finished from
 * its checkpoint, never redone: the agent is not paid twice and no second commit is made. The
 * integration branch decides: the task's commit there after the tip it started from means the
 * merge went through; otherwise the verified worktree is delivered again (`commitTask` finds a
 * commit it already made). Git's own lock a killed command left in that worktree is removed,
 * since its owner, this task's earlier process, is gone.
 */
export async function planResume(repo: Repo, checkpoint: DeliveryCheckpoint): Promise<ResumePlan> {
  const wt = checkpoint.worktree;
  const found = await mergedTaskCommit(repo, checkpoint.integration, checkpoint.taskId, wt.base);
  if (!found.ok) return { kind: 'start-over', reason: found.message };
  const tips = await readBranchTips(repo, [checkpoint.integration, wt.branch]);
  if (!tips.ok) return { kind: 'start-over', reason: tips.message };
  const tip = tips.tips.get(checkpoint.integration)?.commit;
  if (tip === undefined) return { kind: 'start-over', reason: `integration branch ${checkpoint.integration} is gone` };

  if (found.commit !== undefined) {
    const change = found.parent === undefined ? undefined : await taskPatch(repo, found.parent, found.commit);
    const branchTip = tips.tips.get(wt.branch)?.commit;
    const merged = branchTip === undefined ? undefined : await isAncestor(repo, branchTip, tip);
    const deleteBranchAt = merged?.ok && merged.isAncestor ? branchTip : undefined;
    const removed = await removeTaskWorktree(repo, { path: wt.path, branch: wt.branch }, deleteBranchAt === undefined ? {} : { deleteBranchAt });
    return {
      kind: 'merged',
      commit: found.commit,
      integrationCommit: tip,
      files: change?.ok ? change.files.map((f) => f.path) : [],
      ...(change?.ok ? { patch: change.patch } : {}),
      ...(removed.ok ? {} : { cleanupProblem: removed.message }),
    };
  }

  if (!(await exists(wt.path))) return { kind: 'start-over', reason: `its verified worktree ${wt.path} is gone` };
  const gitDir = await worktreeGitDir(wt.path);
  if (gitDir === undefined) return { kind: 'start-over', reason: `${wt.path} is no longer a worktree` };
  await fs.rm(path.join(gitDir, 'index.lock'), { force: true });
  return { kind: 'deliver', worktree: wt };
}
