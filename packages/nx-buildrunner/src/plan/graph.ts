import { type Diagnostic, error } from '../spec/diagnostic';
import { stronglyConnected } from './scc';
import type { TaskGraph } from './types';

/** What the graph needs of a task. */
export interface GraphNode {
  readonly id: string;
  readonly dependsOn: readonly string[];
  readonly estimateMinutes: number;
  readonly line: number;
}

/** Tasks as numbers: node `i` is the `i`th task kept, its edges point at what it waits for. */
export interface DependencyGraph {
  /** Positions in the input of the nodes kept: the first task of each id. */
  kept: number[];
  ids: string[];
  /** Known dependencies, each once, in the order written. */
  deps: number[][];
  /** Reverse of `deps`, without edges into or out of cycles. */
  dependents: number[][];
  /** Members of a cycle: kept as tasks, left out of levels, critical path and batches. */
  inCycle: boolean[];
  /** Longest distance from a root; -1 for cycle members. */
  level: number[];
  /** Nodes outside cycles, each after its dependencies. */
  order: number[];
  minutes: number[];
}

const earliest = (members: readonly number[]): number => members.reduce((a, b) => Math.min(a, b));

function cycleMessage(members: readonly number[], ids: readonly string[], lines: readonly number[], deps: readonly (readonly number[])[]): { text: string; line: number } {
  const inside = new Set(members);
  const start = earliest(members);
  // Depth-first from the earliest member along written dependencies: for a simple cycle this is
  // the cycle itself, and it always names every member once.
  const path: number[] = [start];
  const seen = new Set([start]);
  const frames: Array<{ node: number; edge: number }> = [{ node: start, edge: 0 }];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as { node: number; edge: number };
    const out = deps[frame.node] ?? [];
    if (frame.edge >= out.length) {
      frames.pop();
      continue;
    }
    const next = out[frame.edge++] as number;
    if (inside.has(next) && !seen.has(next)) {
      seen.add(next);
      path.push(next);
      frames.push({ node: next, edge: 0 });
    }
  }
  const named = path.map((i) => `${ids[i]} (line ${lines[i]})`);
  return { text: `dependency cycle: ${named.join(' -> ')} -> ${ids[start]}`, line: lines[start] ?? 0 };
}

/**
 * Resolves task references to a graph: duplicate ids and unknown references are errors (the
 * later duplicate and the unknown edge are dropped), each cycle is one error naming all its
 * members; what remains acyclic gets levels and a topological order. Never throws.
 */
export function dependencyGraph(nodes: readonly GraphNode[]): { graph: DependencyGraph; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const indexOf = new Map<string, number>();
  const kept: number[] = [];
  nodes.forEach((node, position) => {
    const first = indexOf.get(node.id);
    if (first === undefined) {
      indexOf.set(node.id, kept.length);
      kept.push(position);
    } else {
      const firstLine = nodes[kept[first] as number]?.line ?? 0;
      diagnostics.push(error(`duplicate task id "${node.id}" (first at line ${firstLine})`, node.line));
    }
  });
  const keptNodes = kept.map((position) => nodes[position] as GraphNode);
  const ids = keptNodes.map((node) => node.id);
  const lines = keptNodes.map((node) => node.line);
  const deps = keptNodes.map((node) => {
    const out: number[] = [];
    for (const ref of new Set(node.dependsOn)) {
      const target = indexOf.get(ref);
      if (target === undefined) diagnostics.push(error(`task "${node.id}" depends on unknown task "${ref}"`, node.line));
      else out.push(target);
    }
    return out;
  });

  const n = keptNodes.length;
  const inCycle: boolean[] = new Array<boolean>(n).fill(false);
  const cycles = stronglyConnected(deps)
    .filter((c) => c.length > 1 || (deps[c[0] as number] ?? []).includes(c[0] as number))
    .map((members) => ({ members, first: earliest(members) }))
    .sort((a, b) => a.first - b.first);
  for (const { members } of cycles) {
    for (const m of members) inCycle[m] = true;
    const { text, line } = cycleMessage(members, ids, lines, deps);
    diagnostics.push(error(text, line));
  }

  const dependents: number[][] = keptNodes.map(() => []);
  const waiting = new Int32Array(n);
  deps.forEach((out, i) => {
    if (inCycle[i]) return;
    for (const d of out) {
      if (inCycle[d]) continue;
      dependents[d]?.push(i);
      waiting[i] = (waiting[i] ?? 0) + 1;
    }
  });
  const level: number[] = new Array<number>(n).fill(-1);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!inCycle[i] && waiting[i] === 0) {
      order.push(i);
      level[i] = 0;
    }
  }
  for (let head = 0; head < order.length; head++) {
    const i = order[head] as number;
    for (const j of dependents[i] ?? []) {
      level[j] = Math.max(level[j] as number, (level[i] as number) + 1);
      waiting[j] = (waiting[j] ?? 0) - 1;
      if (waiting[j] === 0) order.push(j);
    }
  }
  const minutes = keptNodes.map((node) => node.estimateMinutes);
  return { graph: { kept, ids, deps, dependents, inCycle, level, order, minutes }, diagnostics };
}

/**
 * Parallel levels and the critical path: the chain of dependent tasks with the most minutes,
 * which bounds the run however many agents work at once. Ties go to tasks written earlier.
 */
export function taskGraph(graph: DependencyGraph): TaskGraph {
  const levels: string[][] = [];
  graph.level.forEach((l, i) => {
    if (l < 0) return;
    (levels[l] ??= []).push(graph.ids[i] as string);
  });
  const total = new Float64Array(graph.ids.length);
  const previous = new Int32Array(graph.ids.length).fill(-1);
  let end = -1;
  for (const i of graph.order) {
    let best = -1;
    for (const d of graph.deps[i] ?? []) {
      if (graph.inCycle[d]) continue;
      if (best === -1 || (total[d] as number) > (total[best] as number)) best = d;
    }
    total[i] = (graph.minutes[i] ?? 0) + (best === -1 ? 0 : (total[best] as number));
    previous[i] = best;
    if (end === -1 || (total[i] as number) > (total[end] as number) || ((total[i] as number) === (total[end] as number) && i < end)) end = i;
  }
  const criticalPath: string[] = [];
  for (let i = end; i !== -1; i = previous[i] as number) criticalPath.push(graph.ids[i] as string);
  criticalPath.reverse();
  return { levels, criticalPath, criticalPathMinutes: end === -1 ? 0 : (total[end] as number) };
}
