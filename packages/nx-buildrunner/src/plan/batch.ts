import { DOMAINS, PRIORITIES } from '../spec/types';
import type { DependencyGraph } from './graph';
import { MinHeap } from './heap';
import type { Batch, Complexity, Task } from './types';

/**
 * A batch's room: 3 simple, 2 medium or 1 complex or critical task fill it, and mixes take
 * their shares (a medium and a simple fit together, a medium and two simple do not).
 */
const CAPACITY = 6;
const SHARE: Readonly<Record<Complexity, number>> = { simple: 2, medium: 3, complex: 6, critical: 6 };
const SIZE_CLASS: Readonly<Record<Complexity, number>> = { simple: 0, medium: 1, complex: 2, critical: 2 };
const SIZE_CLASSES = 3;
export const MAX_BATCH_MINUTES = 240;

export type BatchTask = Pick<Task, 'id' | 'domain' | 'complexity' | 'estimateMinutes' | 'priority'>;

const batchId = (n: number): string => `b${String(n).padStart(2, '0')}`;

/**
 * Groups the tasks that can run into batches (`tasks[i]` is node `i` of `graph`). A task is
 * ready once every task it depends on sits in an earlier batch, so no batch holds a task and
 * one of its dependencies, and batches come after those of their dependencies. Each batch
 * starts from the ready task first by priority, then level, then spec order, and fills up with
 * ready tasks of its domain in the same order. Ready tasks wait in one heap per domain and size,
 * so filling a batch looks at a handful of heap tops: O(n log n) overall.
 */
export function batchTasks(tasks: readonly BatchTask[], graph: DependencyGraph): Batch[] {
  // Priority, then level, then spec order, as one number: rank < 4, level and position < 2^24.
  const order = Float64Array.from(
    tasks,
    (t, i) => (PRIORITIES.indexOf(t.priority) * 2 ** 24 + Math.max(0, graph.level[i] ?? 0)) * 2 ** 24 + i,
  );
  const heaps = Array.from({ length: DOMAINS.length * SIZE_CLASSES }, () => new MinHeap(order));
  const domainSlot = tasks.map((t) => Math.max(0, DOMAINS.indexOf(t.domain)) * SIZE_CLASSES);
  const task = (i: number): BatchTask => tasks[i] as BatchTask;
  const heapOf = (i: number): MinHeap => heaps[(domainSlot[i] as number) + SIZE_CLASS[task(i).complexity]] as MinHeap;
  const earlier = (a: number, b: number | undefined): boolean => b === undefined || (order[a] as number) < (order[b] as number);
  /** The heap whose top comes first among those whose top `fits`. */
  const firstOf = (candidates: readonly MinHeap[], fits: (i: number) => boolean): MinHeap | undefined => {
    let first: MinHeap | undefined;
    for (const heap of candidates) {
      const top = heap.peek();
      if (top !== undefined && fits(top) && earlier(top, first?.peek())) first = heap;
    }
    return first;
  };
  const anyTask = (): boolean => true;

  const waiting = Int32Array.from(graph.deps, (out) => out.length);
  tasks.forEach((_, i) => {
    if (waiting[i] === 0) heapOf(i).push(i);
  });

  const batches: Batch[] = [];
  for (let seed = firstOf(heaps, anyTask)?.pop(); seed !== undefined; seed = firstOf(heaps, anyTask)?.pop()) {
    const members = [seed];
    let units = SHARE[task(seed).complexity];
    let minutes = task(seed).estimateMinutes;
    const sameDomain = heaps.slice(domainSlot[seed], (domainSlot[seed] as number) + SIZE_CLASSES);
    const fits = (i: number): boolean =>
      units + SHARE[task(i).complexity] <= CAPACITY && minutes + task(i).estimateMinutes <= MAX_BATCH_MINUTES;
    for (let next = firstOf(sameDomain, fits)?.pop(); next !== undefined; next = firstOf(sameDomain, fits)?.pop()) {
      members.push(next);
      units += SHARE[task(next).complexity];
      minutes += task(next).estimateMinutes;
    }
    batches.push({
      id: batchId(batches.length + 1),
      domain: task(seed).domain,
      tasks: members.map((i) => task(i).id),
      minutes,
    });
    for (const i of members) {
      for (const j of graph.dependents[i] ?? []) {
        waiting[j] = (waiting[j] as number) - 1;
        if (waiting[j] === 0) heapOf(j).push(j);
      }
    }
  }
  return batches;
}
