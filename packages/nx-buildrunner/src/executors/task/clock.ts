import type { Clock } from './types';

export const systemClock: Clock = { now: () => Date.now() };

/** Runs `fn` and reports how long it took by `clock`. */
export async function timed<T>(clock: Clock, fn: () => Promise<T>): Promise<[T, number]> {
  const started = clock.now();
  const value = await fn();
  return [value, clock.now() - started];
}
