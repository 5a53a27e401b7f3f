/**
 * Strongly connected components of a graph of `edges.length` nodes (Tarjan), with an explicit
 * stack instead of recursion so a chain of any length fits. Components come out dependencies
 * first; each lists its nodes in the order they left Tarjan's stack.
 */
export function stronglyConnected(edges: readonly (readonly number[])[]): number[][] {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const frameNode = new Int32Array(n);
  const frameEdge = new Int32Array(n);
  const components: number[][] = [];
  let counter = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    const enter = (v: number): void => {
      index[v] = low[v] = counter++;
      stack.push(v);
      onStack[v] = 1;
      frameNode[depth] = v;
      frameEdge[depth] = 0;
      depth++;
    };
    enter(root);
    while (depth > 0) {
      const v = frameNode[depth - 1] as number;
      const out = edges[v] as readonly number[];
      const e = frameEdge[depth - 1] as number;
      if (e < out.length) {
        frameEdge[depth - 1] = e + 1;
        const w = out[e] as number;
        if (index[w] === -1) enter(w);
        else if (onStack[w] === 1) low[v] = Math.min(low[v] as number, index[w] as number);
        continue;
      }
      depth--;
      if (depth > 0) {
        const parent = frameNode[depth - 1] as number;
        low[parent] = Math.min(low[parent] as number, low[v] as number);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
    }
  }
  return components;
}
