import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { holdLifeline, RUN_PID_ENV } from './lifeline';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
const exit = (code: number): never => {
  throw new Exited(code);
};

/** A pid that existed and is gone: a process that ran and was reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('holdLifeline', () => {
  it('does nothing outside a br run', () => {
    expect(() => holdLifeline({}, exit)()).not.toThrow();
  });

  it('ends the task at once when its br run is already gone', () => {
    expect(() => holdLifeline({ [RUN_PID_ENV]: String(deadPid()) }, exit)).toThrow(Exited);
  });

  it('lets the task run while its br run lives', async () => {
    const release = holdLifeline({ [RUN_PID_ENV]: String(process.pid) }, exit);
    await new Promise((r) => setTimeout(r, 600));
    release();
  });
});
