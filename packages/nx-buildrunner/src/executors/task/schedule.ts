/**
 * The order in which a batch of tasks runs inside one process (executors/task/batch.ts): at most
 * `concurrency` at a time, each once all of its dependencies in the batch have succeeded, the
 * dependents of a failure skipped. Among the ready tasks, the one heading the longest chain of
 * work still to come goes first (list scheduling by critical path), since the run cannot end
 * before that chain does; ties go by id, so the order is the same on every machine.
 */

export interface ScheduleGraph {
  readonly ids: readonly string[];
  /** A task's dependencies; ids outside the batch count as done (Nx ran them before the batch). */
  readonly dependencies: Readonly<Record<string, readonly string[]>>;
  /** Expected work of a task, in any unit; 1 when absent. */
  readonly weight?: (id: string) => number;
}

export type ScheduledOutcome = 'success' | 'failure' | 'skipped';

export interface ScheduleOptions {
  /** A ready task to start even with `concurrency` tasks running: one that something is kept waiting for. */
  admitAnyway?: (id: string) => boolean;
}

/** The task that starts next on a running task's chain once that task succeeds: the most urgent one waiting for it alone. */
export interface Successor {
  id: string;
  priority: number;
  /** The expected work of every task not finished yet, in the unit of `priority`. */
  remainingWork: number;
}

export interface Scheduled {
  id: string;
  outcome: ScheduledOutcome;
  /** For a skipped task: the failed dependency it waited for. */
  because?: string;
}

/** For each task in the batch, the tasks in the batch that wait for it, and how many it waits for. */
function edges(graph: ScheduleGraph): { dependents: Map<string, string[]>; waitingOn: Map<string, number> } {
  const inBatch = new Set(graph.ids);
  const dependents = new Map<string, string[]>();
  const waitingOn = new Map<string, number>();
  for (const id of graph.ids) {
    const deps = [...new Set(graph.dependencies[id] ?? [])].filter((d) => inBatch.has(d) && d !== id);
    waitingOn.set(id, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), id]);
  }
  return { dependents, waitingOn };
}

/** A task's expected work: the graph's `weight`, 1 when it has none. */
function weightOf(graph: ScheduleGraph): (id: string) => number {
  return graph.weight ?? (() => 1);
}

/** A task's priority: its weight plus the heaviest chain of tasks after it in the batch. */
export function taskPriorities(graph: ScheduleGraph): Map<string, number> {
  return chainWeights(graph, edges(graph).dependents);
}

/** Each task's weight plus the heaviest chain of dependents after it. */
function chainWeights(graph: ScheduleGraph, dependents: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const weight = weightOf(graph);
  const memo = new Map<string, number>();
  // On the current path: a cycle (which Nx would have refused) must end the walk, not loop it.
  const visiting = new Set<string>();
  // Iterative post-order: a batch can be thousands of tasks deep, too deep for recursion.
  for (const root of graph.ids) {
    const stack: Array<{ id: string; expanded: boolean }> = [{ id: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (memo.has(top.id)) {
        stack.pop();
        continue;
      }
      const next = dependents.get(top.id) ?? [];
      if (!top.expanded) {
        top.expanded = true;
        visiting.add(top.id);
        for (const d of next) if (!memo.has(d) && !visiting.has(d)) stack.push({ id: d, expanded: false });
        continue;
      }
      stack.pop();
      visiting.delete(top.id);
      memo.set(top.id, weight(top.id) + Math.max(0, ...next.map((d) => memo.get(d) ?? 0)));
    }
  }
  return memo;
}

/**
 * Runs the graph with `run`, yielding each task's outcome as it is known: failures and skips
 * never stop independent work. `run` gets the task's priority, for whatever else the task waits
 * for in line, and a look at its successor on the critical chain; resolving false or rejecting is
 * a failure. `options.admitAnyway` lets a task past the concurrency limit. Assumes an
 * acyclic graph (Nx refuses cycles before any batch exists); a task whose dependencies can never
 * finish is reported as skipped rather than waited for.
 */
export async function* runScheduled(
  graph: ScheduleGraph,
  concurrency: number,
  run: (id: string, priority: number, successor: () => Successor | undefined) => Promise<boolean>,
  options: ScheduleOptions = {},
): AsyncGenerator<Scheduled> {
  const { dependents, waitingOn } = edges(graph);
  const priority = chainWeights(graph, dependents);
  const byPriority = (a: string, b: string) => (priority.get(b) ?? 0) - (priority.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  let ready = graph.ids.filter((id) => waitingOn.get(id) === 0).sort(byPriority);
  const settled = new Set<string>();
  const weight = weightOf(graph);
  let remainingWork = graph.ids.reduce((sum, id) => sum + weight(id), 0);
  const settle = (id: string) => {
    settled.add(id);
    remainingWork -= weight(id);
  };
  const running = new Map<string, Promise<{ id: string; ok: boolean }>>();
  const slots = Math.max(1, Math.floor(concurrency));
  // The most urgent task that waits for `id` alone, as things stand while `id` runs.
  const nextOnChain = (id: string): Successor | undefined => {
    let best: Successor | undefined;
    for (const d of dependents.get(id) ?? []) {
      if (settled.has(d) || waitingOn.get(d) !== 1) continue;
      const p = priority.get(d) ?? 0;
      if (!best || p > best.priority || (p === best.priority && d < best.id)) best = { id: d, priority: p, remainingWork };
    }
    return best;
  };

  while (ready.length > 0 || running.size > 0) {
    for (;;) {
      const next = running.size < slots ? 0 : ready.findIndex((r) => options.admitAnyway?.(r) === true);
      if (next < 0 || next >= ready.length) break;
      const id = ready.splice(next, 1)[0]!;
      running.set(
        id,
        run(id, priority.get(id) ?? 0, () => nextOnChain(id)).then(
          (ok) => ({ id, ok: ok === true }),
          () => ({ id, ok: false }),
        ),
      );
    }
    const { id, ok } = await Promise.race(running.values());
    running.delete(id);
    settle(id);
    yield { id, outcome: ok ? 'success' : 'failure' };
    if (ok) {
      const unblocked = (dependents.get(id) ?? []).filter((d) => {
        const left = (waitingOn.get(d) ?? 0) - 1;
        waitingOn.set(d, left);
        return left === 0;
      });
      if (unblocked.length > 0) ready = [...ready, ...unblocked].sort(byPriority);
      continue;
    }
    for (const skipped of transitiveDependents(id, dependents, settled)) {
      settle(skipped);
      yield { id: skipped, outcome: 'skipped', because: id };
    }
  }
  for (const id of graph.ids) if (!settled.has(id)) yield { id, outcome: 'skipped' };
}

function transitiveDependents(id: string, dependents: ReadonlyMap<string, readonly string[]>, settled: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const stack = [...(dependents.get(id) ?? [])];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (seen.has(d) || settled.has(d)) continue;
    seen.add(d);
    found.push(d);
    stack.push(...(dependents.get(d) ?? []));
  }
  return found.sort();
}
