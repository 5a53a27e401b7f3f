import type { Plan, Task } from '../../plan/types';
import type { TaskResult, TaskStatus } from '../record/types';

/**
 * From every requirement and acceptance criterion of a spec to the tasks that cover it and
 * whether they were verified: what `br status --requirements` shows and `--json` prints. Pure:
 * the plan and the tasks' `result.json` contents in, the trace out.
 */

/** A task's standing: its result's status, `pending` without a result, `stale` when the task changed since. */
export type TaskState = TaskStatus | 'pending' | 'stale';

/** An item's standing, from its tasks: `verified` when every one merged. */
export type CoverageState = 'verified' | 'failed' | 'blocked' | 'stale' | 'pending' | 'uncovered';

export interface TaskTrace {
  id: string;
  title: string;
  featureId: string;
  state: TaskState;
  attempts: number;
  /** Why it failed or was blocked, from its result. */
  error?: string;
}

export interface ItemTrace {
  /** A requirement's id; an acceptance criterion's `<featureId>.a<N>` (N from 1 in document order). */
  id: string;
  kind: 'requirement' | 'acceptance';
  featureId: string;
  text: string;
  line: number;
  /** Ids of the tasks that cover it. */
  tasks: string[];
  state: CoverageState;
}

export interface FeatureTrace {
  id: string;
  title: string;
  line: number;
  state: CoverageState;
  requirements: ItemTrace[];
  acceptance: ItemTrace[];
}

export interface Tally {
  total: number;
  verified: number;
}

export interface Trace {
  spec: { path: string; title: string };
  /** Every requirement and criterion verified and every task merged. */
  complete: boolean;
  features: FeatureTrace[];
  tasks: TaskTrace[];
  totals: { requirements: Tally; acceptance: Tally; tasks: Record<TaskState, number> & { total: number } };
}

/** Worst first: an item's state is the worst of its tasks'. */
const SEVERITY: readonly CoverageState[] = ['uncovered', 'failed', 'blocked', 'stale', 'pending', 'verified'];

function worst(states: readonly CoverageState[]): CoverageState {
  let index = SEVERITY.length - 1;
  for (const s of states) index = Math.min(index, SEVERITY.indexOf(s));
  return SEVERITY[index] ?? 'verified';
}

function coverage(state: TaskState): CoverageState {
  if (state === 'merged') return 'verified';
  if (state === 'failed' || state === 'blocked' || state === 'stale') return state;
  return 'pending';
}

function taskTrace(task: Task, result: TaskResult | undefined): TaskTrace {
  const base = { id: task.id, title: task.title, featureId: task.featureId };
  if (result === undefined) return { ...base, state: 'pending', attempts: 0 };
  const state: TaskState = result.taskHash !== task.hash ? 'stale' : result.status;
  const error = state === 'failed' || state === 'blocked' ? result.error : undefined;
  return { ...base, state, attempts: result.attempts.length, ...(error === undefined ? {} : { error }) };
}

export function traceRequirements(plan: Plan, results: ReadonlyMap<string, TaskResult>): Trace {
  const tasks = plan.tasks.map((t) => taskTrace(t, results.get(t.id)));
  const stateOf = new Map(tasks.map((t) => [t.id, coverage(t.state)]));
  const itemState = (ids: readonly string[]) => (ids.length === 0 ? 'uncovered' : worst(ids.map((id) => stateOf.get(id) ?? 'pending')));

  const features = plan.features.map((feature): FeatureTrace => {
    const own = plan.tasks.filter((t) => t.featureId === feature.id);
    const requirements = feature.requirements.map((r): ItemTrace => {
      const ids = own.filter((t) => t.requirements.includes(r.id)).map((t) => t.id);
      return { id: r.id, kind: 'requirement', featureId: feature.id, text: r.text, line: r.line, tasks: ids, state: itemState(ids) };
    });
    const acceptance = feature.acceptance.map((a, i): ItemTrace => {
      const ids = own.filter((t) => t.acceptance.includes(a.text)).map((t) => t.id);
      return { id: `${feature.id}.a${i + 1}`, kind: 'acceptance', featureId: feature.id, text: a.text, line: a.line, tasks: ids, state: itemState(ids) };
    });
    const items = [...requirements, ...acceptance];
    const state = items.length > 0 ? worst(items.map((i) => i.state)) : itemState(own.map((t) => t.id));
    return { id: feature.id, title: feature.title, line: feature.line, state, requirements, acceptance };
  });

  const count = (items: readonly ItemTrace[]): Tally => ({ total: items.length, verified: items.filter((i) => i.state === 'verified').length });
  const allRequirements = features.flatMap((f) => f.requirements);
  const allAcceptance = features.flatMap((f) => f.acceptance);
  const taskTotals = { total: tasks.length, merged: 0, failed: 0, blocked: 0, skipped: 0, pending: 0, stale: 0 };
  for (const t of tasks) taskTotals[t.state]++;
  const complete =
    allRequirements.every((i) => i.state === 'verified') && allAcceptance.every((i) => i.state === 'verified') && tasks.every((t) => t.state === 'merged');
  return {
    spec: { path: plan.spec.path, title: plan.spec.title },
    complete,
    features,
    tasks,
    totals: { requirements: count(allRequirements), acceptance: count(allAcceptance), tasks: taskTotals },
  };
}
