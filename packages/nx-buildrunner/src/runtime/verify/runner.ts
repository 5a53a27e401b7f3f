import { runProcess } from '../../process/run';
import type { CommandRun } from './types';

export interface RunOptions {
  cwd: string;
  /** Already scrubbed of secrets by the caller. */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxOutputChars: number;
}

/** How verify commands are run; tests and other hosts may swap it. */
export interface CommandRunner {
  run(command: string, options: RunOptions): Promise<CommandRun>;
}

const SHELL: readonly [string, string] = process.platform === 'win32' ? ['cmd.exe', '/d /s /c'] : ['/bin/sh', '-c'];

/** Verify commands are shell lines from the spec; the process group dies with them or on timeout. */
export const shellRunner: CommandRunner = {
  async run(command, options) {
    const outcome = await runProcess({
      file: SHELL[0],
      args: [...SHELL[1].split(' '), command],
      cwd: options.cwd,
      env: options.env,
      timeoutMs: options.timeoutMs,
      keep: { head: Math.ceil(options.maxOutputChars / 2), tail: Math.floor(options.maxOutputChars / 2) },
    });
    const output = outcome.spawnError === undefined ? outcome.output : `${outcome.output}failed to start: ${outcome.spawnError}`;
    const run: CommandRun = { command, exitCode: outcome.exitCode, durationMs: outcome.durationMs, timedOut: outcome.timedOut, output };
    if (outcome.signal !== null) run.signal = outcome.signal;
    return run;
  },
};
