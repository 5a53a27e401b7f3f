import { describe, expect, it } from 'vitest';
import { createTurns, type Release } from './turns';

const tick = () => new Promise((r) => setImmediate(r));

/** Whether `turn` has been granted by now. */
async function granted(turn: Promise<Release>): Promise<boolean> {
  let got = false;
  void turn.then(() => (got = true));
  await tick();
  return got;
}

describe('turns', () => {
  it('hands out no more turns than it has, and the next free one to the highest priority waiting', async () => {
    const turns = createTurns(1);
    const order: string[] = [];
    const first = await turns.take(0);
    const waiting = [
      turns.take(1).then((release) => (order.push('low'), release)),
      turns.take(5).then((release) => (order.push('high'), release)),
      turns.take(5).then((release) => (order.push('high, asked later'), release)),
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
    const turns = createTurns(1);
    const release = await turns.take(0);
    release();
    release();
    await turns.take(0);

    expect(await granted(turns.take(0))).toBe(false);
  });

  it('keeps a freed turn for the task it is kept for, while less urgent tasks wait', async () => {
    const turns = createTurns(2);
    const a = await turns.take(10, 'a');
    await turns.take(1, 'other');
    const lessUrgent = turns.take(3, 'c');
    turns.keep('b', 9);
    a();

    expect(await granted(lessUrgent)).toBe(false);
    expect(turns.keeps('b')).toBe(true);
    // b asks once it is ready: the turn is its at once.
    expect(await granted(turns.take(9, 'b'))).toBe(true);
    expect(turns.keeps('b')).toBe(false);
    expect(await granted(lessUrgent)).toBe(false);
  });

  it('does not keep a turn from a task more urgent than the one it would be kept for', async () => {
    const turns = createTurns(2);
    const a = await turns.take(10, 'a');
    await turns.take(1, 'other');
    const moreUrgent = turns.take(12, 'c');
    turns.keep('b', 9);
    a();

    expect(await granted(moreUrgent)).toBe(true);
    expect(await granted(turns.take(9, 'b'))).toBe(false);
  });

  it('gives a kept turn to a more urgent task that asks first, and keeps the next one instead', async () => {
    const turns = createTurns(2);
    const a = await turns.take(10, 'a');
    const other = await turns.take(1, 'other');
    turns.keep('b', 9);
    a();
    // a's retry is more urgent than its successor.
    const retry = turns.take(10, 'a');
    expect(await granted(retry)).toBe(true);

    other();
    expect(await granted(turns.take(9, 'b'))).toBe(true);
  });

  it('gives a dropped turn to the tasks waiting', async () => {
    const turns = createTurns(2);
    const a = await turns.take(10, 'a');
    await turns.take(1, 'other');
    const waiting = turns.take(3, 'c');
    turns.keep('b', 9);
    a();
    expect(await granted(waiting)).toBe(false);

    turns.drop('b');
    expect(await granted(waiting)).toBe(true);
  });

  it('always leaves one turn for tasks that ask, however many turns are to be kept', async () => {
    const turns = createTurns(2);
    const a = await turns.take(10, 'a');
    const b = await turns.take(10, 'b');
    turns.keep('a2', 9);
    turns.keep('b2', 9);
    const waiting = turns.take(1, 'c');
    a();
    b();

    // One turn is kept (for a2, asked first); the other must serve c, or a task that a2 waits
    // for could wait for a turn forever.
    expect(await granted(waiting)).toBe(true);
    expect(await granted(turns.take(9, 'a2'))).toBe(true);
    expect(await granted(turns.take(9, 'b2'))).toBe(false);
  });

  it('keeps nothing when there is only one turn', async () => {
    const turns = createTurns(1);
    const a = await turns.take(10, 'a');
    const waiting = turns.take(1, 'c');
    turns.keep('b', 9);
    a();

    expect(await granted(waiting)).toBe(true);
  });

  it('does not give a free turn to a less urgent task while more urgent ones that claimed it are setting up', async () => {
    const turns = createTurns(2);
    turns.claim('head', 9);
    turns.claim('next', 8);
    turns.claim('low', 1);
    // `low` is ready first, but both turns are spoken for by more urgent tasks.
    const low = turns.take(1, 'low');
    expect(await granted(low)).toBe(false);

    const head = turns.take(9, 'head');
    expect(await granted(head)).toBe(true);
    expect(await granted(low)).toBe(false);
    // `next` ends without asking (its result was reused): its turn goes to `low`.
    turns.drop('next');
    expect(await granted(low)).toBe(true);
  });

  it('lets a less urgent task have the turns more urgent claims leave free', async () => {
    const turns = createTurns(3);
    turns.claim('head', 9);
    turns.claim('low', 1);

    expect(await granted(turns.take(1, 'low'))).toBe(true);
    expect(await granted(turns.take(2))).toBe(true);
    expect(await granted(turns.take(3))).toBe(false);
    expect(await granted(turns.take(9, 'head'))).toBe(true);
  });

  it('keeps the place in line a claim gave when the claimant asks', async () => {
    const turns = createTurns(1);
    const busy = await turns.take(0);
    turns.claim('first', 5);
    const later = turns.take(5, 'later');
    const first = turns.take(5, 'first');
    const order: string[] = [];
    void later.then((release) => (order.push('later'), release()));
    void first.then((release) => (order.push('first'), release()));

    busy();
    await tick();
    await tick();

    expect(order).toEqual(['first', 'later']);
  });

  it('does not hold a second turn for a task a turn is already kept for', async () => {
    const turns = createTurns(2);
    const a = await turns.take(10, 'a');
    turns.keep('b', 9);
    a();
    turns.claim('b', 9);

    // One turn is kept for b; the other is free for anyone.
    expect(await granted(turns.take(1, 'c'))).toBe(true);
    expect(await granted(turns.take(9, 'b'))).toBe(true);
  });
});
