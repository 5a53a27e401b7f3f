import { readCachedProjectGraph } from '@nx/devkit';
import { ensureIntegrationBranch } from '../../runtime/git/integration';
import { DEFAULT_INTEGRATION_BRANCH } from '../../runtime/git/names';
import { openRepo, type OpenRepoResult } from '../../runtime/git/repo';
import { type GraphNodes, recordedTask, taskTargetOptions } from './graph-tasks';
import { replayRecords, type RecordedTask, type ReplayedTask } from './replay';

export interface AfterRunInput {
  workspaceRoot: string;
  /** The task target, `br-task` unless the plugin options rename it. */
  targetName: string;
  /** Projects whose task target succeeded in the run, whether it ran or came from a cache. */
  projects: readonly string[];
  /** Default: the project graph Nx cached for the run. */
  nodes?: GraphNodes;
  openRepo?: (dir: string) => Promise<OpenRepoResult>;
}

export type AfterRunResult =
  | { ok: true; replayed: Array<ReplayedTask & { integration: string }> }
  | { ok: false; message: string; replayed: Array<ReplayedTask & { integration: string }> };

/**
 * The step after `nx run-many -t br-task`: tasks that Nx restored from a cache left their records
 * but not their changes; this replays them onto each integration branch, so a run that was all
 * cache hits ends with the same integration tree as the run that did the work. A no-op (one read
 * of each record and one git call) when every change is already there. The plugin runs it from
 * Nx's `postTasksExecution` hook; a CLI that drives Nx can call it directly.
 */
export async function replayAfterRun(input: AfterRunInput): Promise<AfterRunResult> {
  const nodes = input.nodes ?? readCachedProjectGraph().nodes;
  const byBranch = new Map<string, RecordedTask[]>();
  for (const project of input.projects) {
    const options = taskTargetOptions(nodes[project], input.targetName);
    if (options === undefined) continue;
    const branch = options.integrationBranch ?? DEFAULT_INTEGRATION_BRANCH;
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), recordedTask(input.workspaceRoot, options)]);
  }
  const replayed: Array<ReplayedTask & { integration: string }> = [];
  if (byBranch.size === 0) return { ok: true, replayed };
  const opened = await (input.openRepo ?? ((dir: string) => openRepo(dir)))(input.workspaceRoot);
  if (!opened.ok) return { ok: false, message: opened.message, replayed };
  for (const [integration, tasks] of byBranch) {
    const ensured = await ensureIntegrationBranch(opened.repo, integration);
    if (!ensured.ok) return { ok: false, message: ensured.message, replayed };
    const outcome = await replayRecords(opened.repo, { integration, tasks });
    replayed.push(...outcome.replayed.map((r) => ({ ...r, integration })));
    if (!outcome.ok) return { ok: false, message: outcome.message, replayed };
  }
  return { ok: true, replayed };
}
