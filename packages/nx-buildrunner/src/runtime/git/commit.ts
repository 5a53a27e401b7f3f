import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { firstLine, text } from './exec';
import { headRef } from './names';
import { splitPatchWithRaw, type FileChange } from './raw-diff';
import { isAncestor, updateRef } from './refs';
import type { Repo } from './repo';
import { gitFailure, type GitFailure } from './result';
import type { TaskWorktree } from './worktree';
import { rebaseInProgress, worktreeGitDir } from './worktree-state';

export const TASK_TRAILER = 'BuildRunner-Task';

/** `br(<taskId>): <title>` and a trailer tools can search for (`git log --grep`, `%(trailers)`). */
export function taskCommitMessage(taskId: string, title: string): string {
  const subject = title.replace(/\p{Cc}+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 100);
  return `br(${taskId}): ${subject || taskId}\n\n${TASK_TRAILER}: ${taskId}\n`;
}

export type TaskCommitResult =
  | {
      ok: true;
      status: 'committed';
      commit: string;
      /** The commit's parent: the worktree's base, or a newer integration tip if it was rebased. */
      base: string;
      files: FileChange[];
      /** `git diff --binary base commit`: what goes into `change.patch`. */
      patch: Buffer;
      /** The commit was already there (a crash after committing); nothing new was made. */
      reused: boolean;
    }
  | { ok: true; status: 'no-changes'; base: string }
  | GitFailure;

/**
 * Commits everything the task changed (new files included, ignored ones not) as one commit on
 * top of its base, whatever commits the agent made itself, so each task is one reviewable
 * commit. Calling it again after a crash finds that commit instead of making a second one.
 * Plumbing (write-tree, commit-tree, update-ref) rather than `git commit`: no hooks, no editor,
 * and the branch only moves by compare-and-swap.
 */
export async function commitTask(repo: Repo, wt: TaskWorktree, title: string): Promise<TaskCommitResult> {
  const cwd = wt.path;
  if (await rebaseInProgress(cwd)) {
    const aborted = await repo.git(['rebase', '--abort'], { cwd, timeoutMs: repo.treeTimeoutMs });
    if (aborted.code !== 0) return gitFailure(`abandoning an earlier rebase in ${cwd}`, aborted);
  }
  const added = await repo.git(['add', '-A'], { cwd, timeoutMs: repo.treeTimeoutMs });
  if (added.code !== 0) return gitFailure(`staging changes in ${cwd}`, added);
  const written = await repo.git(['write-tree'], { cwd });
  if (written.code !== 0) return gitFailure(`writing the tree of ${cwd}`, written);
  const tree = firstLine(written);
  if (tree === wt.baseTree) return noChanges(repo, wt);

  const message = taskCommitMessage(wt.taskId, title);
  const made = await repo.git(['commit-tree', tree, '-p', wt.base, '-F', '-'], { input: message });
  if (made.code !== 0) return gitFailure(`committing ${wt.taskId}`, made);
  let commit = firstLine(made);
  let base = wt.base;
  let reused = false;
  const ref = headRef(wt.branch);
  const moved = await updateRef(repo, { ref, to: commit, from: wt.base, message: `buildrunner: ${wt.taskId}` });
  if (!moved.ok) {
    if (moved.reason !== 'moved') return moved;
    // The branch is past its base: our own commit from a run that crashed (perhaps already
    // rebased onto a newer integration tip by a merge), or commits the agent made itself.
    const current = await describeTip(repo, ref);
    if (!current.ok) return current;
    const own = await isOwnCommit(repo, current, tree, wt);
    if (!own.ok) return own;
    if (own.parent !== undefined) {
      commit = current.commit;
      base = own.parent;
      reused = true;
    } else {
      const squashed = await updateRef(repo, { ref, to: commit, from: current.commit, message: `buildrunner: ${wt.taskId} (squashed)` });
      if (!squashed.ok) return { ok: false, reason: 'git', message: squashed.message };
    }
  }
  const attached = await attachHead(repo, wt);
  if (!attached.ok) return attached;
  const diff = await taskPatch(repo, base, commit);
  if (!diff.ok) return diff;
  return { ok: true, status: 'committed', commit, base, files: diff.files, patch: diff.patch, reused };
}

/**
 * Nothing to merge: the branch goes back to its base (the agent may have committed and reverted),
 * so that "no changes" always means the branch is at the base and the worktree is clean.
 */
async function noChanges(repo: Repo, wt: TaskWorktree): Promise<TaskCommitResult> {
  const reset = await repo.git(['update-ref', '-m', `buildrunner: ${wt.taskId} changed nothing`, headRef(wt.branch), wt.base]);
  if (reset.code !== 0) return gitFailure(`resetting ${wt.branch}`, reset);
  const attached = await attachHead(repo, wt);
  return attached.ok ? { ok: true, status: 'no-changes', base: wt.base } : attached;
}

interface Tip {
  commit: string;
  tree: string;
  parents: string[];
  tasks: string[];
}

/**
 * Is the branch tip a commit this function made for this task, holding exactly `tree`? Its
 * parent is the base, or (after a rebase) an integration commit descending from it. The trailer
 * alone is not trusted: an agent could write one.
 */
async function isOwnCommit(repo: Repo, tip: Tip, tree: string, wt: TaskWorktree): Promise<{ ok: true; parent?: string } | GitFailure> {
  const parent = tip.parents.length === 1 ? tip.parents[0] : undefined;
  if (tip.tree !== tree || !tip.tasks.includes(wt.taskId) || parent === undefined) return { ok: true };
  if (parent === wt.base) return { ok: true, parent };
  const descends = await isAncestor(repo, wt.base, parent);
  if (!descends.ok) return descends;
  return descends.isAncestor ? { ok: true, parent } : { ok: true };
}

async function describeTip(repo: Repo, ref: string): Promise<({ ok: true } & Tip) | GitFailure> {
  const format = `--format=%H%x00%T%x00%P%x00%(trailers:key=${TASK_TRAILER},valueonly,separator=%x2C)`;
  const out = await repo.git(['log', '-1', format, ref]);
  if (out.code !== 0) return gitFailure(`reading ${ref}`, out);
  const [commit = '', tree = '', parents = '', tasks = ''] = text(out).trim().split('\0');
  return { ok: true, commit, tree, parents: parents.split(' ').filter(Boolean), tasks: tasks.split(',').map((t) => t.trim()) };
}

/**
 * An agent may have checked out another branch or detached HEAD in its worktree; the rebase that
 * a conflict needs works on HEAD, so HEAD goes back to the task branch. Read from the file
 * system: a git call here would be spent on every task for a rare case.
 */
async function attachHead(repo: Repo, wt: TaskWorktree): Promise<{ ok: true } | GitFailure> {
  const gitDir = await worktreeGitDir(wt.path);
  const head = gitDir === undefined ? undefined : await fs.readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => undefined);
  if (head?.trim() === `ref: ${headRef(wt.branch)}`) return { ok: true };
  const out = await repo.git(['symbolic-ref', 'HEAD', headRef(wt.branch)], { cwd: wt.path });
  return out.code === 0 ? { ok: true } : gitFailure(`attaching HEAD to ${wt.branch} in ${wt.path}`, out);
}

export type PatchResult = { ok: true; files: FileChange[]; patch: Buffer } | GitFailure;

/** The files a commit changed since `base` and its binary-safe patch, in one git call. */
export async function taskPatch(repo: Repo, base: string, commit: string): Promise<PatchResult> {
  const out = await repo.git(['diff', '--patch-with-raw', '-z', '--binary', base, commit]);
  if (out.code !== 0) return gitFailure(`diffing ${commit.slice(0, 12)} against ${base.slice(0, 12)}`, out);
  return { ok: true, ...splitPatchWithRaw(out.stdout) };
}
