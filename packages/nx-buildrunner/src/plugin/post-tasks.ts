import type { PostTasksExecution } from '@nx/devkit';
// Nx's own logger, not `@nx/devkit`'s re-export: the devkit index costs ~100 ms to load in every
// plugin worker, on every graph computation (see create-nodes.ts).
import { logger } from 'nx/src/utils/logger';
import { type BuildRunnerPluginOptions, normalizeOptions } from './options';

/** Nx statuses of a task that ended well: run here, or its outputs restored from a cache. */
const SUCCEEDED = new Set(['success', 'local-cache', 'local-cache-kept-existing', 'remote-cache']);

/**
 * Nx's hook after every task run. A task restored from a cache never ran its executor here, so
 * its change is replayed from its record onto the integration branch (docs/distribution.md).
 * Runs without our task target return at once; the git side is loaded only when needed, so
 * graph computation never pays for it. A change that cannot be replayed fails the command.
 */
export const postTasksExecution: PostTasksExecution<BuildRunnerPluginOptions> = async (options, context) => {
  const { targetName } = normalizeOptions(options);
  const projects = Object.values(context.taskResults)
    .filter((r) => r.task.target.target === targetName && SUCCEEDED.has(r.status))
    .map((r) => r.task.target.project);
  if (projects.length === 0) return;
  const { replayAfterRun } = await import('../executors/task/after-run.js');
  const outcome = await replayAfterRun({ workspaceRoot: context.workspaceRoot, targetName, projects });
  for (const r of outcome.replayed) {
    logger.info(`nx-buildrunner: replayed ${r.taskId} from its record onto ${r.integration} as ${r.commit.slice(0, 12)}`);
  }
  if (!outcome.ok) throw new Error(`nx-buildrunner: ${outcome.message}`);
};
