import { spawn } from 'node:child_process';
import { HeadTail } from './output';
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

/** Time a process group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;

/**
 * Every process the command starts is ended with it: on timeout, and after it exits (a server
 * left in the background would hold the worktree and the machine). On POSIX the shell leads its
 * own process group and the group is signalled; on Windows `taskkill /T` ends the tree.
 */
function killTree(pid: number, signal: NodeJS.Signals): void {
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' }).on('error', () => undefined);
    } else {
      process.kill(-pid, signal);
    }
  } catch {
    // Already gone.
  }
}

export const shellRunner: CommandRunner = {
  run(command, options) {
    const started = Date.now();
    const output = new HeadTail(options.maxOutputChars);
    return new Promise<CommandRun>((resolve) => {
      const child = spawn(command, {
        cwd: options.cwd,
        env: options.env,
        shell: true,
        detached: process.platform !== 'win32',
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      let timedOut = false;
      let settled = false;
      const grace: NodeJS.Timeout[] = [];
      const timer = setTimeout(() => {
        timedOut = true;
        if (child.pid === undefined) return;
        const pid = child.pid;
        killTree(pid, 'SIGTERM');
        grace.push(setTimeout(() => killTree(pid, 'SIGKILL'), KILL_GRACE_MS));
      }, options.timeoutMs);
      const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        for (const t of grace) clearTimeout(t);
        const run: CommandRun = { command, exitCode, durationMs: Date.now() - started, timedOut, output: output.text() };
        if (signal !== null) run.signal = signal;
        resolve(run);
      };
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
      child.on('exit', () => {
        // Background children would keep the pipes open and `close` from ever coming.
        if (child.pid !== undefined) killTree(child.pid, 'SIGKILL');
      });
      child.on('close', (code, signal) => finish(code, signal));
      child.on('error', (err) => {
        output.push(`failed to start: ${err.message}`);
        finish(null, null);
      });
    });
  },
};
