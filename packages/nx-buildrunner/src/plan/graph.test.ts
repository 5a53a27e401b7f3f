import { describe, expect, it } from 'vitest';
import { type GraphNode, dependencyGraph, taskGraph } from './graph';

const node = (id: string, dependsOn: string[] = [], estimateMinutes = 60, line = 1): GraphNode => ({
  id,
  dependsOn,
  estimateMinutes,
  line,
});

describe('dependencyGraph', () => {
  it('names every member of a cycle with its line, following the dependencies', () => {
    const { graph, diagnostics } = dependencyGraph([
      node('accounts', ['audit-log'], 60, 5),
      node('sessions', ['accounts'], 60, 11),
      node('audit-log', ['sessions'], 60, 17),
    ]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        message: 'dependency cycle: accounts (line 5) -> audit-log (line 17) -> sessions (line 11) -> accounts',
        line: 5,
      },
    ]);
    expect(graph.level).toEqual([-1, -1, -1]);
    expect(taskGraph(graph)).toEqual({ levels: [], criticalPath: [], criticalPathMinutes: 0 });
  });

  it('reports each cycle once, in spec order, and levels only what can run', () => {
    const { graph, diagnostics } = dependencyGraph([
      node('root', [], 60, 1),
      node('x', ['y'], 60, 2),
      node('y', ['x', 'root'], 60, 3),
      node('self', ['self'], 60, 4),
      node('blocked', ['root', 'x'], 60, 5),
      node('after', ['root'], 60, 6),
    ]);
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [2, 'dependency cycle: x (line 2) -> y (line 3) -> x'],
      [4, 'dependency cycle: self (line 4) -> self'],
    ]);
    expect(taskGraph(graph).levels).toEqual([['root'], ['after']]);
  });

  it('names every member of a cycle that is not a simple ring', () => {
    const { diagnostics } = dependencyGraph([
      node('a', ['b', 'c'], 60, 1),
      node('b', ['a'], 60, 2),
      node('c', ['a'], 60, 3),
    ]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.message).toBe('dependency cycle: a (line 1) -> b (line 2) -> c (line 3) -> a');
  });

  it('reports an unknown reference at the line of the task that makes it, and drops the edge', () => {
    const { graph, diagnostics } = dependencyGraph([node('a', [], 60, 3), node('b', ['a', 'ghost'], 60, 9)]);
    expect(diagnostics).toEqual([{ severity: 'error', message: 'task "b" depends on unknown task "ghost"', line: 9 }]);
    expect(graph.deps).toEqual([[], [0]]);
  });

  it('keeps the first of two tasks with one id and reports the second with both lines', () => {
    const { graph, diagnostics } = dependencyGraph([node('a', [], 60, 3), node('b', ['a'], 60, 6), node('a', ['b'], 60, 12)]);
    expect(diagnostics).toEqual([{ severity: 'error', message: 'duplicate task id "a" (first at line 3)', line: 12 }]);
    expect(graph.kept).toEqual([0, 1]);
    expect(graph.ids).toEqual(['a', 'b']);
  });

  it('counts a repeated dependency once', () => {
    const { graph } = dependencyGraph([node('a'), node('b', ['a', 'a'])]);
    expect(graph.deps[1]).toEqual([0]);
  });
});

describe('taskGraph', () => {
  const diamond = [
    node('a', [], 60),
    node('b', ['a'], 120),
    node('c', ['a'], 60),
    node('d', ['c', 'b'], 90),
    node('e', ['a', 'd'], 60),
    node('lone', [], 120),
  ];

  it('levels tasks by their longest distance from a root', () => {
    expect(taskGraph(dependencyGraph(diamond).graph).levels).toEqual([['a', 'lone'], ['b', 'c'], ['d'], ['e']]);
  });

  it('finds the path with the most minutes', () => {
    const { criticalPath, criticalPathMinutes } = taskGraph(dependencyGraph(diamond).graph);
    expect(criticalPath).toEqual(['a', 'b', 'd', 'e']);
    expect(criticalPathMinutes).toBe(330);
  });

  it('breaks ties towards the task written first', () => {
    const { criticalPath } = taskGraph(
      dependencyGraph([node('x', [], 60), node('y', [], 60), node('z', ['y', 'x'], 60), node('w', [], 120)]).graph,
    );
    expect(criticalPath).toEqual(['x', 'z']);
  });

  it('is empty for no tasks', () => {
    expect(taskGraph(dependencyGraph([]).graph)).toEqual({ levels: [], criticalPath: [], criticalPathMinutes: 0 });
  });

  it('levels a chain of 100,000 tasks', () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => node(`t${i}`, i > 0 ? [`t${i - 1}`] : [], 60));
    const result = taskGraph(dependencyGraph(chain).graph);
    expect(result.levels).toHaveLength(100_000);
    expect(result.criticalPathMinutes).toBe(6_000_000);
  });
});
