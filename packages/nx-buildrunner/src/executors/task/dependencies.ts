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
  const outputs: DependencyOutput[] = [];
  for (const id of dependsOn) {
    const read = await readTaskResult(outputDirOf(id));
    if (!read.ok) return { ok: false, message: `dependency ${id} has no usable result (${read.error}); run its task first` };
    const { result } = read;
    if (result.status !== 'merged') {
      return { ok: false, message: `dependency ${id} is ${result.status}${result.error ? `: ${result.error}` : ''}` };
    }
    const commit = result.commit ?? result.integrationCommit;
    if (commit === undefined) return { ok: false, message: `dependency ${id}'s result names no commit; run its task again` };
    if (!(await isIntegrated(repo, commit, integrationTip))) {
      return {
        ok: false,
        message: `dependency ${id}'s commit ${commit.slice(0, 12)} is not in ${integration} (a reset branch?); run ${id} again with --skip-nx-cache`,
      };
    }
    outputs.push(dependencyOutput(result));
  }
  return { ok: true, outputs };
}
