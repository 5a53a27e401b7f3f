import { describe, expect, it } from 'vitest';
import { runScheduled, taskPriorities, type Scheduled, type ScheduleGraph } from './schedule';

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
