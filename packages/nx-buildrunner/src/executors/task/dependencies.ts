import type { DependencyOutput } from '../../runtime/context/types';
import type { Repo } from '../../runtime/git/repo';
import { dependencyOutput, readTaskResult } from '../../runtime/record/write';
import { isIntegrated } from './integrated';

export type DependenciesResult = { ok: true; outputs: DependencyOutput[] } | { ok: false; message: string };

/**
 * What the task's finished dependencies produced, from their `result.json`. Each must be merged
 * and its change must be in the integration branch (merged, or replayed from its record before
 * this runs): a record whose change could not be replayed, or an integration branch reset since,
 * would otherwise let the task build on work that is not in its worktree.
 */
export async function readDependencies(
  repo: Repo,
  integrationTip: string,
  dependsOn: readonly string[],
  outputDirOf: (taskId: string) => string,
  integration: string,
): Promise<DependenciesResult> {
  const reads = await Promise.all(dependsOn.map((id) => readTaskResult(outputDirOf(id))));
  const merged: { id: string; commit: string; output: DependencyOutput }[] = [];
  for (const [i, id] of dependsOn.entries()) {
    const read = reads[i]!;
    if (!read.ok) return { ok: false, message: `dependency ${id} has no usable result (${read.error}); run its task first` };
    const { result } = read;
    if (result.status !== 'merged') {
      return { ok: false, message: `dependency ${id} is ${result.status}${result.error ? `: ${result.error}` : ''}` };
    }
    const commit = result.commit ?? result.integrationCommit;
    if (commit === undefined) return { ok: false, message: `dependency ${id}'s result names no commit; run its task again` };
    merged.push({ id, commit, output: dependencyOutput(result) });
  }
  // Usually every commit is an ancestor of the tip, and one git call says so for all of them;
  // otherwise each is looked at on its own, replays included, to name the one that is missing.
  if (!(await allAncestors(repo, merged.map((m) => m.commit), integrationTip))) {
    for (const { id, commit } of merged) {
      if (await isIntegrated(repo, commit, integrationTip)) continue;
      return {
        ok: false,
        message: `dependency ${id}'s commit ${commit.slice(0, 12)} is not in ${integration} (a reset branch?); run ${id} again with --skip-nx-cache`,
      };
    }
  }
  return { ok: true, outputs: merged.map((m) => m.output) };
}

/** Whether every commit is reachable from `tip`; false too when git cannot tell (a commit it has never seen). */
async function allAncestors(repo: Repo, commits: readonly string[], tip: string): Promise<boolean> {
  const others = [...new Set(commits)].filter((c) => c !== tip);
  if (others.length === 0) return true;
  const out = await repo.git(['rev-list', '--max-count=1', ...others, `^${tip}`, '--']);
  return out.code === 0 && out.stdout.length === 0;
}
