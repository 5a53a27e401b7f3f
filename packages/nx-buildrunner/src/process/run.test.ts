import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../agent/__fixtures__/temp-dirs';
import { runProcess } from './run';

const tempDir = useTempDirs();
const keep = { head: 1_000, tail: 1_000 };

describe('runProcess', () => {
  it('feeds stdin and reports stdout lines as they come', async () => {
    const cwd = await tempDir();
    const lines: string[] = [];
    const outcome = await runProcess({
      file: 'sh',
      args: ['-c', 'cat; printf "last-without-newline"'],
      cwd,
      env: process.env,
      timeoutMs: 5_000,
      stdin: 'one\ntwo\n',
      onStdoutLine: (line) => lines.push(line),
      keep,
    });
    expect(outcome).toMatchObject({ exitCode: 0, timedOut: false, aborted: false });
    expect(lines).toEqual(['one', 'two', 'last-without-newline']);
  });

  it('reports a missing program as a spawn error', async () => {
    const cwd = await tempDir();
    const outcome = await runProcess({ file: 'definitely-not-a-program-br', args: [], cwd, env: process.env, timeoutMs: 5_000, keep });
    expect(outcome.spawnError).toMatch(/ENOENT/);
  });

  it('stops on abort', async () => {
    const cwd = await tempDir();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await runProcess({ file: 'sleep', args: ['30'], cwd, env: process.env, timeoutMs: 30_000, signal: controller.signal, keep });
    expect(outcome.aborted).toBe(true);
    expect(outcome.durationMs).toBeLessThan(5_000);
  });
});
