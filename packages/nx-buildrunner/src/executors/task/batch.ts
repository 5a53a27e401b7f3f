import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import taskExecutor, { type TaskExecutorEffects, type TaskExecutorOptions } from './executor';
import { openRepo, type OpenRepoResult } from '../../runtime/git/repo';
import { createTurns } from '../../runtime/turns';
import { runScheduled, type Successor } from './schedule';

/** What Nx expects per task from a batch (`BatchExecutorTaskResult` in Nx 22 to 24). */
export interface BatchTaskResult {
  task: string;
  result: {
    success: boolean;
    /** Nx 23+ reads it; older Nx falls back to `success`, which reports a skip as a failure. */
    status?: 'success' | 'failure' | 'skipped';
    terminalOutput: string;
    startTime?: number;
    endTime?: number;
  };
}

/** What a task of the batch printed, and when it ran. */
interface TaskLog {
  lines: string[];
  startTime?: number;
  endTime?: number;
}

/** Nx's own default for `--parallel`. */
const DEFAULT_WORKERS = 3;

/**
 * How many agents of a batch work at once. Nx hands a batch to one process and keeps `--parallel`
 * to itself, so the batch reads Nx's documented `NX_PARALLEL` variable instead; `br run
 * --workers N` sets it.
 */
export function batchWorkers(env: NodeJS.ProcessEnv): number {
  const n = Number(env['NX_PARALLEL']);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_WORKERS;
}

/**
 * The `task` executor's batch implementation (`nx run-many -t br-task --batch`, which `br run`
 * uses): every task of the batch runs in this one process, so a task costs its own work and not
 * a Node process, Nx's executor loading and the plugin's module graph each time; on two cores
 * that was most of a short task's cost. Each task is exactly what the single-task executor does
 * (same journal, records, locks and lifeline). `workers` bounds the agents at work, the scarce
 * thing (API rate limits, spend); setting up worktrees, building context, verifying and merging
 * go on beside them, for up to as many tasks again each. Results stream back as each task ends,
 * and the dependents of a failed task come back skipped without running.
 */
export default async function* taskBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, TaskExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
  effects: TaskExecutorEffects = {},
): AsyncGenerator<BatchTaskResult> {
  const env = effects.env ?? process.env;
  const ids = Object.keys(taskGraph.tasks);
  // Each task's lines and times, for Nx to print and show when its result comes back: printing
  // them live as well would show them twice.
  const ran = new Map<string, TaskLog>();
  const graph = {
    ids,
    dependencies: taskGraph.dependencies,
    weight: (id: string) => inputs[id]?.task.estimateMinutes ?? 1,
  };
  const workers = batchWorkers(env);
  const turns = createTurns(workers);
  // One repository handle for the batch: every task would otherwise ask git the same questions.
  const repos = new Map<string, Promise<OpenRepoResult>>();
  const open = effects.deps?.openRepo ?? openRepo;
  const sharedRepo = (dir: string) => {
    const opened = repos.get(dir) ?? open(dir);
    repos.set(dir, opened);
    return opened;
  };
  // What this batch merged is on the integration branch: no task needs to check its record for a replay.
  const mergedHere = new Set<string>();

  // A task whose agent is done keeps its turn for the next task on its chain, which asks once this
  // one has merged and it has its worktree: that gap is short, and the wait for another agent to
  // finish would be long (see runtime/turns.ts). Only while the chain binds, though. Its slack is
  // what the work left leaves it, (work - workers * chain) / workers, shared by each link of the
  // chain, about chain / mean task of them; waiting for a turn costs a link about a mean task /
  // workers. The chain can afford that wait while work > (workers + 1) * chain; below that the turn
  // is kept, and above it an idle turn would be lost time.
  const agentSlot = (id: string, urgency: number, successor: () => Successor | undefined) => async () => {
    const release = await turns.take(urgency, id);
    return () => {
      const next = successor();
      if (next !== undefined && next.priority * (workers + 1) >= next.remainingWork) turns.keep(next.id, next.priority);
      release();
    };
  };

  const run = async (id: string, urgency: number, successor: () => Successor | undefined): Promise<boolean> => {
    const { project, target, configuration } = taskGraph.tasks[id]!.target;
    const record: TaskLog = { lines: [], startTime: Date.now() };
    ran.set(id, record);
    turns.claim(id, urgency);
    try {
      const outcome = await taskExecutor(
        inputs[id]!,
        {
          ...context,
          projectName: project,
          targetName: target,
          ...(configuration === undefined ? {} : { configurationName: configuration }),
        },
        {
          ...effects,
          deps: { ...effects.deps, openRepo: sharedRepo, agentSlot: agentSlot(id, urgency, successor), priority: urgency },
          mergedHere,
          print: (line) => record.lines.push(line),
        },
      );
      if (outcome.success) mergedHere.add(inputs[id]!.task.id);
      return outcome.success;
    } finally {
      // Ended, perhaps without asking for an agent (reused, blocked, failed setting up): its claim goes.
      turns.drop(id);
      record.endTime = Date.now();
    }
  };

  // `workers` agents at work, as many tasks setting up and waiting for a turn, as many verifying
  // and merging: an agent's turn never waits for a worktree or a merge while work is ready.
  // A task a turn is kept for starts at once, even past the limit: the turn waits for it.
  for await (const done of runScheduled(graph, 3 * workers, run, { admitAnyway: (id) => turns.keeps(id) })) {
    // Skipped without running: a turn kept for it goes back to the others (a task that ran gave
    // back what it held when it ended).
    if (done.outcome === 'skipped') turns.drop(done.id);
    const { lines, ...times } = ran.get(done.id) ?? { lines: [] };
    if (done.outcome === 'skipped') {
      const task = inputs[done.id]?.task.id ?? done.id;
      const why = done.because === undefined ? 'a dependency did not finish' : `${taskGraph.tasks[done.because]?.target.project ?? done.because} failed`;
      lines.push(`[${task}] skipped: ${why}`);
    }
    yield {
      task: done.id,
      result: {
        success: done.outcome === 'success',
        status: done.outcome,
        terminalOutput: lines.map((l) => `${l}\n`).join(''),
        ...times,
      },
    };
  }
}
