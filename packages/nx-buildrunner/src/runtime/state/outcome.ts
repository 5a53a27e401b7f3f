import type { TaskResult } from '../record/types';
import type { RunRecord, TaskStateName } from './types';

export interface RunTask {
  id: string;
  dependsOn: readonly string[];
}

/**
 * How a task's state at the end of a run is known: `ran` (its process journaled the end),
 * `reused` (Nx restored its result from a cache, so nothing ran), `interrupted` (it started and
 * never ended: its process died), `blocked` (a task it depends on did not merge, so Nx never
 * started it), `not-run` (none of these: the run stopped before reaching it).
 */
export type OutcomeSource = 'ran' | 'reused' | 'interrupted' | 'blocked' | 'not-run';

export interface TaskOutcome {
  task: string;
  state: TaskStateName;
  source: OutcomeSource;
  message: string;
  /** For `reused`: the result that stood in. */
  result?: TaskResult;
}

/**
 * Every task of a run as it ended, from what the run journaled and from the results on disk
 * (`current` returns a task's result only when it is for the task's present definition). Nx
 * reports tasks it never started because a dependency failed as skipped; here they are blocked,
 * naming the dependency, and so are their own dependents.
 */
export function classifyRun(tasks: readonly RunTask[], record: RunRecord, runId: string, current: (taskId: string) => TaskResult | undefined): TaskOutcome[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const done = new Map<string, TaskOutcome>();

  const outcome = (task: RunTask): TaskOutcome => {
    const known = done.get(task.id);
    if (known) return known;
    const decided = decide(task);
    done.set(task.id, decided);
    return decided;
  };

  const decide = (task: RunTask): TaskOutcome => {
    const s = record.tasks[task.id];
    if (s !== undefined && s.run === runId && s.state !== 'pending') {
      if (s.state === 'running') return { task: task.id, state: 'failed', source: 'interrupted', message: 'interrupted: its process ended without a result' };
      return { task: task.id, state: s.state, source: s.reused ? 'reused' : 'ran', message: s.message ?? '' };
    }
    const result = current(task.id);
    if (result !== undefined) {
      return { task: task.id, state: result.status, source: 'reused', message: `restored from the cache (${result.status})`, result };
    }
    const stuck = task.dependsOn
      .map((id) => byId.get(id))
      .filter((d): d is RunTask => d !== undefined)
      .map(outcome)
      .find((o) => o.state !== 'merged');
    if (stuck !== undefined) {
      const why = stuck.state === 'blocked' ? 'is blocked' : stuck.state === 'failed' ? 'failed' : 'did not run';
      return { task: task.id, state: 'blocked', source: 'blocked', message: `blocked: ${stuck.task} ${why}` };
    }
    return { task: task.id, state: 'pending', source: 'not-run', message: 'not run' };
  };

  return tasks.map(outcome);
}
