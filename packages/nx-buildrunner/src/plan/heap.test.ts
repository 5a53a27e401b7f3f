import { describe, expect, it } from 'vitest';
import { random } from './__fixtures__/random-spec';
import { MinHeap } from './heap';

describe('MinHeap', () => {
  it('gives items back in key order, whatever order they went in', () => {
    const next = random(42);
    const keys = Float64Array.from({ length: 500 }, () => Math.floor(next() * 100));
    const heap = new MinHeap(keys);
    const items = [...keys.keys()].sort(() => next() - 0.5);
    for (const item of items) heap.push(item);
    const out: number[] = [];
    for (let item = heap.pop(); item !== undefined; item = heap.pop()) out.push(item);
    expect(out).toHaveLength(500);
    expect(out.map((i) => keys[i])).toEqual([...keys].sort((a, b) => a - b));
    expect(heap.peek()).toBeUndefined();
  });

  it('shows its smallest item without removing it', () => {
    const heap = new MinHeap(Float64Array.from([5, 1, 3]));
    heap.push(0);
    heap.push(1);
    heap.push(2);
    expect(heap.peek()).toBe(1);
    expect(heap.pop()).toBe(1);
    expect(heap.peek()).toBe(2);
  });
});
