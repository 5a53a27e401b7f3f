import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * TEST ONLY. The kill drills need a process to sit still at a precise moment (the integration
 * branch moved but the result not yet written; the run record half written) so they can SIGKILL
 * it there. `BR_TEST_PAUSE="<point>:<task>:<ms>"` (several joined by commas; `*` for any task)
 * makes the process wait `ms` at that point, after creating the file `BR_TEST_PAUSE_MARK` names
 * so the test knows it is there. Unset, which is always the case outside tests, it costs one
 * environment lookup.
 */
export const PAUSE_ENV = 'BR_TEST_PAUSE';
export const PAUSE_MARK_ENV = 'BR_TEST_PAUSE_MARK';

/**
 * `task-start`: a task is about to start; nothing of it is journaled or touched yet.
 * `merge-done`: a task's commit is in the integration branch, its result not yet recorded.
 * `state-write`: `br run` is half-way through writing the run record after a task ended.
 */
export type PausePoint = 'task-start' | 'merge-done' | 'state-write';

export function pauseFor(point: PausePoint, task: string, setting: string | undefined): number {
  for (const entry of (setting ?? '').split(',')) {
    const [p, t, ms] = entry.trim().split(':');
    if (p === point && (t === '*' || t === task) && ms !== undefined && /^\d+$/.test(ms)) return Number(ms);
  }
  return 0;
}

export async function testPause(point: PausePoint, task: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const ms = pauseFor(point, task, env[PAUSE_ENV]);
  if (ms === 0) return;
  const mark = env[PAUSE_MARK_ENV];
  if (mark) writeFileSync(mark, `${point} ${task} ${process.pid}\n`);
  await sleep(ms);
}
