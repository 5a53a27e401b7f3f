import { TASK_TRAILER, taskCommitMessage } from '../../runtime/git/commit';
import { text } from '../../runtime/git/exec';
import { isAncestor } from '../../runtime/git/refs';
import type { Repo } from '../../runtime/git/repo';
import { gitFailure, type GitFailure } from '../../runtime/git/result';

/**
 * A task's change that was replayed from its record (see `replay.ts`) is a new commit on this
 * clone's integration branch, not the commit the record names, which exists only on the machine
 * that ran the task. This trailer names that original commit, so "is the recorded commit in the
 * integration branch" has one answer on every clone.
 */
export const REPLAYED_TRAILER = 'BuildRunner-Replayed-From';

/** The task's usual commit message, plus the trailer naming the commit it was replayed from. */
export function replayedCommitMessage(taskId: string, title: string, from: string): string {
  return `${taskCommitMessage(taskId, title)}${REPLAYED_TRAILER}: ${from}\n`;
}

/**
 * Whether a recorded commit is in the integration branch: merged there (an ancestor of `tip`), or
 * replayed there. A commit this clone has never seen is simply not an ancestor.
 */
export async function isIntegrated(repo: Repo, commit: string, tip: string): Promise<boolean> {
  const merged = await isAncestor(repo, commit, tip);
  if (merged.ok && merged.isAncestor) return true;
  const found = await repo.git(['log', '-1', '--format=%H', '--fixed-strings', `--grep=${REPLAYED_TRAILER}: ${commit}`, tip]);
  return found.code === 0 && text(found).trim() !== '';
}

export type IntegratedCommits = { ok: true; commits: Set<string> } | GitFailure;

/**
 * Every task commit in the integration branch and every commit replayed into it, in one git call:
 * what a batch of records is checked against. Commits that are not task commits (the base a
 * no-change task recorded) are not listed; `isIntegrated` answers for those. `since` bounds the
 * walk in a long history: no commit older than it is looked at.
 */
export async function integratedCommits(repo: Repo, tip: string, since?: Date): Promise<IntegratedCommits> {
  const format = `--format=%H%x00%(trailers:key=${REPLAYED_TRAILER},valueonly,separator=%x00)%x00`;
  const bound = since === undefined ? [] : [`--since=${since.toISOString()}`];
  const out = await repo.git(['log', format, ...bound, '--fixed-strings', `--grep=${TASK_TRAILER}: `, tip]);
  if (out.code !== 0) return gitFailure('listing the task commits of the integration branch', out);
  const commits = new Set(
    text(out)
      .split(/[\0\n]/)
      .map((s) => s.trim())
      .filter((s) => /^[0-9a-f]{40,64}$/.test(s)),
  );
  return { ok: true, commits };
}
