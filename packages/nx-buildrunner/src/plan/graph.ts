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
  /** Reverse of `deps`. */
  dependents: number[][];
  /**
   * Longest distance from a root; -1 for a task in a cycle or waiting on one, which can never
   * run: such tasks stay in the plan but out of levels, critical path and batches.
   */
  level: number[];
  /** The tasks that can run, each after its dependencies. */
  order: number[];
  minutes: number[];
}

const earliest = (members: readonly number[]): number => members.reduce((a, b) => Math.min(a, b));

/**
 * Members of a cycle in an order a reader can follow: depth-first from the member written first,
 * along dependencies as written. For a simple cycle that is the cycle itself; for a tangle it
 * still names every member once.
 */
function cyclePath(members: readonly number[], deps: readonly (readonly number[])[]): number[] {
  const inside = new Set(members);
  const start = earliest(members);
  const path = [start];
  const seen = new Set(path);
  const frames = [{ node: start, edge: 0 }];
  for (let frame = frames[0]; frame !== undefined; frame = frames[frames.length - 1]) {
    const next = deps[frame.node]?.[frame.edge++];
    if (next === undefined) frames.pop();
    else if (inside.has(next) && !seen.has(next)) {
      seen.add(next);
      path.push(next);
      frames.push({ node: next, edge: 0 });
    }
  }
  return path;
}

function cycleError(path: readonly number[], nodes: readonly GraphNode[]): Diagnostic {
  const named = path.map((i) => `${nodes[i]?.id} (line ${nodes[i]?.line})`);
  const first = nodes[path[0] as number];
  return error(`dependency cycle: ${named.join(' -> ')} -> ${first?.id}`, first?.line ?? 0);
}

/**
 * Resolves task references to a graph: duplicate ids and unknown references are errors (the
 * later duplicate and the unknown edge are dropped), each cycle is one error naming all its
 * members; the tasks that can run get levels and a topological order. Never throws.
 */
export function dependencyGraph(nodes: readonly GraphNode[]): { graph: DependencyGraph; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const indexOf = new Map<string, number>();
  const kept: GraphNode[] = [];
  const positions: number[] = [];
  nodes.forEach((node, position) => {
    const first = kept[indexOf.get(node.id) ?? -1];
    if (first !== undefined) {
      diagnostics.push(error(`duplicate task id "${node.id}" (first at line ${first.line})`, node.line));
      return;
    }
    indexOf.set(node.id, kept.length);
    kept.push(node);
    positions.push(position);
  });
  const deps = kept.map((node) => {
    const out: number[] = [];
    for (const ref of new Set(node.dependsOn)) {
      const target = indexOf.get(ref);
      if (target !== undefined) out.push(target);
      else diagnostics.push(error(`task "${node.id}" depends on unknown task "${ref}"`, node.line));
    }
    return out;
  });

  const cycles = stronglyConnected(deps)
    .filter((c) => c.length > 1 || deps[c[0] as number]?.includes(c[0] as number))
    .map((members) => cyclePath(members, deps))
    .sort((a, b) => (a[0] as number) - (b[0] as number));
  for (const path of cycles) diagnostics.push(cycleError(path, kept));

  // Kahn's algorithm: a task enters the order once everything it waits for has, so cycles and
  // what waits on them never do.
  const n = kept.length;
  const dependents: number[][] = kept.map(() => []);
  const waiting = Int32Array.from(deps, (out) => out.length);
  deps.forEach((out, i) => out.forEach((d) => dependents[d]?.push(i)));
  const level: number[] = new Array<number>(n).fill(-1);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    if (waiting[i] === 0) {
      level[i] = 0;
      order.push(i);
    }
  }
  const depth = new Int32Array(n);
  for (let head = 0; head < order.length; head++) {
    const i = order[head] as number;
    for (const j of dependents[i] ?? []) {
      depth[j] = Math.max(depth[j] as number, (level[i] as number) + 1);
      waiting[j] = (waiting[j] as number) - 1;
      if (waiting[j] === 0) {
        level[j] = depth[j] as number;
        order.push(j);
      }
    }
  }
  const graph: DependencyGraph = {
    kept: positions,
    ids: kept.map((node) => node.id),
    deps,
    dependents,
    level,
    order,
    minutes: kept.map((node) => node.estimateMinutes),
  };
  return { graph, diagnostics };
}

/**
 * Parallel levels and the critical path: the chain of dependent tasks with the most minutes,
 * which bounds the run however many agents work at once. Ties go to the task written first.
 */
export function taskGraph(graph: DependencyGraph): TaskGraph {
  const levels: string[][] = [];
  graph.level.forEach((l, i) => {
    if (l >= 0) (levels[l] ??= []).push(graph.ids[i] as string);
  });
  const total = new Float64Array(graph.ids.length);
  const previous = new Int32Array(graph.ids.length).fill(-1);
  const longer = (a: number, b: number): boolean =>
    b === -1 || (total[a] as number) > (total[b] as number) || (total[a] === total[b] && a < b);
  let end = -1;
  for (const i of graph.order) {
    let best = -1;
    for (const d of graph.deps[i] ?? []) if (longer(d, best)) best = d;
    total[i] = (graph.minutes[i] ?? 0) + (best === -1 ? 0 : (total[best] as number));
    previous[i] = best;
    if (longer(i, end)) end = i;
  }
  const criticalPath: string[] = [];
  for (let i = end; i !== -1; i = previous[i] as number) criticalPath.push(graph.ids[i] as string);
  criticalPath.reverse();
  return { levels, criticalPath, criticalPathMinutes: end === -1 ? 0 : (total[end] as number) };
}
