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
 * Groups the tasks outside cycles into batches (`tasks[i]` is node `i` of `graph`). A task is
 * ready once every task it depends on sits in an earlier batch, so no batch holds a task and
 * one of its dependencies, and batches come after those of their dependencies. Each batch
 * starts from the ready task first by priority, then level, then spec order, and fills up with
 * ready tasks of its domain in the same order. Ready tasks wait in one heap per domain and size,
 * so filling a batch looks at a handful of heap tops: O(n log n) overall.
 */
export function batchTasks(tasks: readonly BatchTask[], graph: DependencyGraph): Batch[] {
  // Priority, then level, then spec order, as one number: rank < 4, level and position < 2^24.
  const order = new Float64Array(tasks.length);
  tasks.forEach((t, i) => {
    order[i] = (PRIORITIES.indexOf(t.priority) * 2 ** 24 + Math.max(0, graph.level[i] ?? 0)) * 2 ** 24 + i;
  });
  const before = (a: number, b: number): boolean => (order[a] as number) < (order[b] as number);
  const heaps = Array.from({ length: DOMAINS.length * SIZE_CLASSES }, () => new MinHeap(order));
  const domainSlot = tasks.map((t) => Math.max(0, DOMAINS.indexOf(t.domain)) * SIZE_CLASSES);
  const heapOf = (i: number): MinHeap => heaps[(domainSlot[i] as number) + SIZE_CLASS[(tasks[i] as BatchTask).complexity]] as MinHeap;
  const share = (i: number): number => SHARE[(tasks[i] as BatchTask).complexity];
  const minutesOf = (i: number): number => (tasks[i] as BatchTask).estimateMinutes;

  const waiting = new Int32Array(tasks.length);
  graph.dependents.forEach((out) => out.forEach((j) => (waiting[j] = (waiting[j] ?? 0) + 1)));
  tasks.forEach((_, i) => {
    if (!graph.inCycle[i] && waiting[i] === 0) heapOf(i).push(i);
  });

  const batches: Batch[] = [];
  for (;;) {
    let seed: MinHeap | undefined;
    for (const heap of heaps) {
      const top = heap.peek();
      const best = seed?.peek();
      if (top !== undefined && (best === undefined || before(top, best))) seed = heap;
    }
    const first = seed?.pop();
    if (first === undefined) break;
    const members = [first];
    let units = share(first);
    let minutes = minutesOf(first);
    const slot = domainSlot[first] as number;
    for (;;) {
      let pick: MinHeap | undefined;
      for (let c = 0; c < SIZE_CLASSES; c++) {
        const heap = heaps[slot + c] as MinHeap;
        const top = heap.peek();
        if (top === undefined || units + share(top) > CAPACITY || minutes + minutesOf(top) > MAX_BATCH_MINUTES) continue;
        const best = pick?.peek();
        if (best === undefined || before(top, best)) pick = heap;
      }
      const next = pick?.pop();
      if (next === undefined) break;
      members.push(next);
      units += share(next);
      minutes += minutesOf(next);
    }
    batches.push({
      id: batchId(batches.length + 1),
      domain: (tasks[first] as BatchTask).domain,
      tasks: members.map((i) => (tasks[i] as BatchTask).id),
      minutes,
    });
    for (const i of members) {
      for (const j of graph.dependents[i] ?? []) {
        waiting[j] = (waiting[j] ?? 0) - 1;
        if (waiting[j] === 0) heapOf(j).push(j);
      }
    }
  }
  return batches;
}
