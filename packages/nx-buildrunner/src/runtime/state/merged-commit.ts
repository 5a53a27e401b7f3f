import { TASK_TRAILER } from '../git/commit';
import { headRef } from '../git/names';
import type { Repo } from '../git/repo';
import { gitFailure, type GitFailure } from '../git/result';

export type MergedCommitResult = { ok: true; commit?: string; parent?: string } | GitFailure;

/**
 * The task's own commit on the integration branch that arrived after `since` (the tip the
 * task started from), if there is one: proof that its merge went through. Only commits with the
 * task's trailer count, merge commits (which repeat it in their message) excepted.
 */
export async function mergedTaskCommit(repo: Repo, integration: string, taskId: string, since: string): Promise<MergedCommitResult> {
  const out = await repo.git(['log', '--no-merges', '--format=%H %P%x00%B%x01', headRef(integration), `^${since}`, '--']);
  if (out.code !== 0) return gitFailure(`looking for ${taskId} on ${integration}`, out);
  const trailer = `${TASK_TRAILER}: ${taskId}`;
  for (const entry of out.stdout.toString('utf8').split('\x01')) {
    const [head, body] = entry.replace(/^\n/, '').split('\0');
    if (head === undefined || body === undefined) continue;
    if (!body.split('\n').some((line) => line.trim() === trailer)) continue;
    const [commit, parent] = head.trim().split(' ');
    if (commit) return { ok: true, commit, ...(parent ? { parent } : {}) };
  }
  return { ok: true };
}
