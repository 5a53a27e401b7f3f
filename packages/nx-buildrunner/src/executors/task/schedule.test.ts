import { describe, expect, it } from 'vitest';
import { runScheduled, taskPriorities, type Scheduled, type ScheduleGraph, type Successor } from './schedule';

/** Runs the graph with tasks that each take `ms[id]` (default 10 ms) and fail when listed. */
async function play(graph: ScheduleGraph, concurrency: number, opts: { fail?: string[]; ms?: Record<string, number> } = {}) {
  const started: string[] = [];
  let running = 0;
  let most = 0;
  const done: Scheduled[] = [];
  const run = async (id: string) => {
    started.push(id);
    running += 1;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, opts.ms?.[id] ?? 10));
    running -= 1;
    if (id === 'throws') throw new Error('boom');
    return !(opts.fail ?? []).includes(id);
  };
  for await (const r of runScheduled(graph, concurrency, run)) done.push(r);
  return { started, most, done };
}

describe('the batch schedule', () => {
  it('runs a task only after its dependencies, and never more than the concurrency at once', async () => {
    const graph = { ids: ['a', 'b', 'c', 'd', 'e'], dependencies: { b: ['a'], c: ['a'], d: ['b', 'c'], e: [] } };

    const { started, most, done } = await play(graph, 2);

    expect(most).toBe(2);
    expect(done.map((d) => d.outcome)).toEqual(['success', 'success', 'success', 'success', 'success']);
    expect(started.indexOf('a')).toBeLessThan(started.indexOf('b'));
    expect(started.indexOf('a')).toBeLessThan(started.indexOf('c'));
    expect(started.indexOf('d')).toBeGreaterThan(Math.max(started.indexOf('b'), started.indexOf('c')));
  });

  it('starts the task heading the longest chain first, then breaks ties by id', async () => {
    // z heads z -> y -> x; a and b are single tasks: z goes first though it sorts last, then y;
    // x then weighs as much as a and b, and the id decides.
    const graph = { ids: ['a', 'b', 'x', 'y', 'z'], dependencies: { y: ['z'], x: ['y'] } };

    const { started } = await play(graph, 1);

    expect(started).toEqual(['z', 'y', 'a', 'b', 'x']);
  });

  it('weighs chains by the tasks’ expected work', () => {
    const graph = { ids: ['long', 'short1', 'short2'], dependencies: { short2: ['short1'] }, weight: (id: string) => (id === 'long' ? 120 : 30) };

    expect(Object.fromEntries(taskPriorities(graph))).toEqual({ long: 120, short1: 60, short2: 30 });
  });

  it('skips every dependent of a failure, directly or not, and keeps independent work going', async () => {
    const graph = { ids: ['a', 'b', 'c', 'd'], dependencies: { b: ['a'], c: ['b'], d: [] } };

    const { started, done } = await play(graph, 2, { fail: ['a'] });

    expect(started.sort()).toEqual(['a', 'd']);
    expect(done).toContainEqual({ id: 'a', outcome: 'failure' });
    expect(done).toContainEqual({ id: 'b', outcome: 'skipped', because: 'a' });
    expect(done).toContainEqual({ id: 'c', outcome: 'skipped', because: 'a' });
    expect(done).toContainEqual({ id: 'd', outcome: 'success' });
  });

  it('names, while a task runs, the most urgent task that waits for it alone', async () => {
    // b and d wait for a alone, d heading a longer chain; c also waits for x, which is still running.
    const graph = {
      ids: ['a', 'x', 'b', 'c', 'd', 'e'],
      dependencies: { b: ['a'], c: ['a', 'x'], d: ['a'], e: ['d'] },
      weight: (id: string) => (id === 'c' ? 50 : 1),
    };
    const seen = new Map<string, string | undefined>();
    let finishX: () => void = () => undefined;
    const run = async (id: string, _priority: number, successor: () => { id: string } | undefined) => {
      if (id === 'x') await new Promise<void>((r) => (finishX = r));
      if (id === 'a') {
        await new Promise((r) => setTimeout(r, 5));
        seen.set('a', successor()?.id);
        finishX();
      } else {
        seen.set(id, successor()?.id);
      }
      return true;
    };
    for await (const _ of runScheduled(graph, 2, run)) void _;

    expect(seen.get('a')).toBe('d');
    expect(seen.get('d')).toBe('e');
    expect(seen.get('e')).toBeUndefined();
  });

  it('tells the successor the work not finished yet, so a caller can tell whether the chain binds', async () => {
    // x (10) goes first; when a runs, a (2) and b (3) are left.
    const graph = { ids: ['a', 'b', 'x'], dependencies: { b: ['a'] }, weight: (id: string) => ({ a: 2, b: 3, x: 10 })[id] ?? 1 };
    let seen: Successor | undefined;
    const run = async (id: string, _p: number, successor: () => Successor | undefined) => {
      if (id === 'a') seen = successor();
      return true;
    };
    for await (const _ of runScheduled(graph, 1, run)) void _;

    expect(seen).toEqual({ id: 'b', priority: 3, remainingWork: 5 });
  });

  it('starts a ready task past the concurrency limit when asked to', async () => {
    // One at a time, but b may start while the long-running x still runs.
    const graph = { ids: ['a', 'b', 'x'], dependencies: { b: ['a'] }, weight: (id: string) => (id === 'x' ? 1 : 5) };
    const running = new Set<string>();
    const overlapped: string[] = [];
    const run = async (id: string) => {
      running.add(id);
      if (running.size > 1) overlapped.push(...running);
      await new Promise((r) => setTimeout(r, id === 'x' ? 30 : 5));
      running.delete(id);
      return true;
    };
    const done: string[] = [];
    for await (const r of runScheduled(graph, 1, run, { admitAnyway: (id) => id === 'x' })) done.push(r.id);

    expect(done.sort()).toEqual(['a', 'b', 'x']);
    expect(overlapped).toContain('x');
  });

  it('counts a run that throws as a failure', async () => {
    const { done } = await play({ ids: ['throws', 'after'], dependencies: { after: ['throws'] } }, 1);

    expect(done).toEqual([
      { id: 'throws', outcome: 'failure' },
      { id: 'after', outcome: 'skipped', because: 'throws' },
    ]);
  });

  it('treats dependencies outside the batch as done (Nx ran them first)', async () => {
    const { done } = await play({ ids: ['a'], dependencies: { a: ['elsewhere'] } }, 1);

    expect(done).toEqual([{ id: 'a', outcome: 'success' }]);
  });

  it('reports the tasks of a cycle as skipped instead of waiting forever', async () => {
    const { started, done } = await play({ ids: ['a', 'b', 'c'], dependencies: { a: ['b'], b: ['a'] } }, 2);

    expect(started).toEqual(['c']);
    expect(done).toEqual([
      { id: 'c', outcome: 'success' },
      { id: 'a', outcome: 'skipped' },
      { id: 'b', outcome: 'skipped' },
    ]);
  });

  it('gives priorities to a chain thousands of tasks deep without overflowing the stack', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `t${i}`);
    const dependencies = Object.fromEntries(ids.slice(1).map((id, i) => [id, [ids[i]!]]));

    const priority = taskPriorities({ ids, dependencies });

    expect(priority.get('t0')).toBe(20_000);
    expect(priority.get('t19999')).toBe(1);
  });
});
