import { describe, expect, it } from 'vitest';
import { stronglyConnected } from './scc';

const sorted = (components: number[][]) => components.map((c) => [...c].sort((a, b) => a - b)).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

describe('stronglyConnected', () => {
  it('finds cycles, self-loops and lone nodes', () => {
    // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0, 5 alone, 6 <-> 7
    const edges = [[1], [2], [0], [3], [0], [], [7], [6]];
    expect(sorted(stronglyConnected(edges))).toEqual([[0, 1, 2], [3], [4], [5], [6, 7]]);
  });

  it('lists components dependencies first', () => {
    // 2 depends on 1 depends on 0
    const order = stronglyConnected([[], [0], [1]]).map((c) => c[0]);
    expect(order).toEqual([0, 1, 2]);
  });

  it('walks a chain of 200,000 nodes and a cycle of as many without recursion', () => {
    const n = 200_000;
    const chain = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
    expect(stronglyConnected(chain)).toHaveLength(n);
    const ring = Array.from({ length: n }, (_, i) => [(i + 1) % n]);
    const components = stronglyConnected(ring);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });
});
