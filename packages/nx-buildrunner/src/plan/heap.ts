/** A binary min-heap of item numbers, ordered by each item's key (`keys[item]`). */
export class MinHeap {
  private readonly items: number[] = [];

  constructor(private readonly keys: Float64Array) {}

  peek(): number | undefined {
    return this.items[0];
  }

  private key(item: number): number {
    return this.keys[item] as number;
  }

  push(item: number): void {
    const items = this.items;
    const key = this.key(item);
    let at = items.length;
    items.push(item);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const above = items[parent] as number;
      if (key >= this.key(above)) break;
      items[at] = above;
      at = parent;
    }
    items[at] = item;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    const key = this.key(last);
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= items.length) break;
      const right = left + 1;
      let child = left;
      if (right < items.length && this.key(items[right] as number) < this.key(items[left] as number)) child = right;
      const below = items[child] as number;
      if (this.key(below) >= key) break;
      items[at] = below;
      at = child;
    }
    items[at] = last;
    return top;
  }
}
