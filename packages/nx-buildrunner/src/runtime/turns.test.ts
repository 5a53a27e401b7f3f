import { describe, expect, it } from 'vitest';
import { prioritySlots } from './turns';

const tick = () => new Promise((r) => setImmediate(r));

describe('priority slots', () => {
  it('hands out no more turns than it has, and the next free one to the highest priority waiting', async () => {
    const turn = prioritySlots(1);
    const order: string[] = [];
    const first = await turn(0);
    const waiting = [
      turn(1).then((release) => (order.push('low'), release)),
      turn(5).then((release) => (order.push('high'), release)),
      turn(5).then((release) => (order.push('high, asked later'), release)),
    ];
    await tick();
    expect(order).toEqual([]);

    first();
    (await waiting[1]!)();
    (await waiting[2]!)();
    (await waiting[0]!)();

    expect(order).toEqual(['high', 'high, asked later', 'low']);
  });

  it('gives a released turn back once, however often it is released', async () => {
    const turn = prioritySlots(1);
    const release = await turn(0);
    release();
    release();
    await turn(0);
    let third = false;
    void turn(0).then(() => (third = true));
    await tick();

    expect(third).toBe(false);
  });
});
