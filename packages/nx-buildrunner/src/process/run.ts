import { spawn } from 'node:child_process';
import { HeadTail } from './head-tail';

/**
 * Runs one program to completion in its own process group, so a timeout, an abort or simply the
 * end of the main process takes every child it started with it (test watchers, dev servers,
 * `sleep 1000 &`). Shared by the agent's shell tool and the CLI-based backends.
 */

export interface ProcessSpec {
  file: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Written to stdin, which is then closed; without it stdin is empty. */
  stdin?: string;
  /** Each complete stdout line, as it arrives (for line protocols such as stream-json). */
  onStdoutLine?: (line: string) => void;
  /** How much of the interleaved stdout+stderr to keep: the first `head` and last `tail` characters. */
  keep: { head: number; tail: number };
}

export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  /** stdout and stderr interleaved as they arrived, cut in the middle when long. */
  output: string;
  /** Set when the program could not be started at all (missing binary, bad cwd). */
  spawnError?: string;
  durationMs: number;
}

/** After SIGTERM, how long a process group gets to clean up before SIGKILL. */
const KILL_GRACE_MS = 2_000;

export function runProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  const started = Date.now();
  const output = new HeadTail(spec.keep.head, spec.keep.tail);
  return new Promise((resolve) => {
    if (spec.signal?.aborted) {
      resolve({ exitCode: null, signal: null, timedOut: false, aborted: true, output: '', durationMs: 0 });
      return;
    }
    const child = spawn(spec.file, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      // Its own process group on POSIX, so the whole group can be signalled.
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let timedOut = false;
    let aborted = false;
    let spawnError: string | undefined;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let graceTimer: NodeJS.Timeout | undefined;

    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid !== undefined) killTree(child.pid, signal);
    };
    const stop = () => {
      killGroup('SIGTERM');
      graceTimer ??= setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    spec.signal?.addEventListener('abort', onAbort, { once: true });

    let carry = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output.push(chunk);
      if (!spec.onStdoutLine) return;
      const lines = (carry + chunk).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) spec.onStdoutLine(line);
    });
    child.stderr.on('data', (chunk: string) => output.push(chunk));
    // A program that never reads its stdin must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(spec.stdin ?? '');

    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      // Background children would otherwise outlive the command and hold its pipes open.
      killGroup('SIGKILL');
    });
    child.on('close', () => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      if (carry && spec.onStdoutLine) spec.onStdoutLine(carry);
      resolve({
        exitCode,
        signal: exitSignal,
        timedOut,
        aborted,
        output: output.toString(),
        ...(spawnError === undefined ? {} : { spawnError }),
        durationMs: Date.now() - started,
      });
    });
  });
}

/** Ends a process and everything it started: its process group on POSIX, its tree on Windows. */
function killTree(pid: number, signal: NodeJS.Signals): void {
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
    } else {
      process.kill(-pid, signal);
    }
  } catch {
    // ESRCH: already gone.
  }
}
