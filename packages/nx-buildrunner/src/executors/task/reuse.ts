import type { Repo } from '../../runtime/git/repo';
import type { TaskResult } from '../../runtime/record/types';
import { readTaskResult } from '../../runtime/record/write';
import { isIntegrated } from './integrated';

export interface ReuseQuery {
  outputDir: string;
  taskHash: string;
  featureHash?: string;
  dependencyHash?: string;
  /** Tip of the integration branch, undefined when it does not exist yet. */
  integrationTip: string | undefined;
}

/**
 * An earlier run's result that makes running again pointless: merged, for the same definition of
 * the task and of what it depends on, and still in the integration branch (merged, or replayed from
 * its record). This is what stops a second `nx run-many` (or outputs restored by Nx) from paying
 * for the same task twice.
 */
export async function reusableResult(repo: Repo, query: ReuseQuery): Promise<TaskResult | undefined> {
  if (query.integrationTip === undefined) return undefined;
  const read = await readTaskResult(query.outputDir);
  if (!read.ok) return undefined;
  const { result } = read;
  if (result.status !== 'merged' || result.taskHash !== query.taskHash) return undefined;
  if (query.featureHash !== undefined && result.featureHash !== query.featureHash) return undefined;
  if (query.dependencyHash !== undefined && result.dependencyHash !== query.dependencyHash) return undefined;
  const commit = result.commit ?? result.integrationCommit;
  if (commit === undefined) return undefined;
  return (await isIntegrated(repo, commit, query.integrationTip)) ? result : undefined;
}
