import { execFile } from 'node:child_process';
import { gitEnv } from './env';

export interface GitCall {
  cwd: string;
  /** Written to git's stdin (commit messages). */
  input?: string;
  timeoutMs?: number;
}

export interface GitOutput {
  args: readonly string[];
  /** git's exit code; -1 when git did not run to completion (see `error`). */
  code: number;
  /** Raw bytes: patches and paths are not necessarily UTF-8. */
  stdout: Buffer;
  stderr: string;
  /** Why git did not run to completion: not found, timed out, output too large. */
  error?: string;
}

/**
 * How the runtime runs git: an argument vector (never a shell string) in a directory. It never
 * rejects: exit codes are data the callers branch on (`merge-tree` exits 1 on a conflict).
 * Tests swap it to record calls or inject faults.
 */
export type GitRunner = (args: readonly string[], call: GitCall) => Promise<GitOutput>;

export interface GitRunnerOptions {
  /** Default 120 s; a single call may ask for more (checking out a large tree). */
  timeoutMs?: number;
  /** Default 512 MiB: `git diff --binary` of a task that added large files. */
  maxBufferBytes?: number;
  /** The environment to derive git's from (secrets are removed either way). */
  env?: NodeJS.ProcessEnv;
  gitPath?: string;
}

export function createGitRunner(options: GitRunnerOptions = {}): GitRunner {
  const env = gitEnv(options.env ?? process.env);
  const file = options.gitPath ?? 'git';
  const defaultTimeout = options.timeoutMs ?? 120_000;
  const maxBuffer = options.maxBufferBytes ?? 512 * 1024 * 1024;
  return (args, call) =>
    new Promise<GitOutput>((resolve) => {
      const timeout = call.timeoutMs ?? defaultTimeout;
      const child = execFile(
        file,
        [...args],
        { cwd: call.cwd, env, timeout, killSignal: 'SIGKILL', maxBuffer, encoding: 'buffer', windowsHide: true },
        (err, stdout, stderr) => {
          const out: GitOutput = { args, code: 0, stdout, stderr: stderr.toString('utf8') };
          if (err === null) return resolve(out);
          if (typeof err.code === 'number') return resolve({ ...out, code: err.code });
          const error =
            err.killed && err.signal === 'SIGKILL'
              ? `timed out after ${timeout} ms`
              : err.code === 'ENOENT'
                ? `${file} not found (is git installed and on PATH?)`
                : err.message;
          resolve({ ...out, code: -1, error });
        },
      );
      // An ignored stdin would otherwise stay open; git commands that read it wait for EOF.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(call.input ?? '');
    });
}

export function text(out: GitOutput): string {
  return out.stdout.toString('utf8');
}

/** First line of stdout, trimmed: object ids, ref names. */
export function firstLine(out: GitOutput): string {
  const s = text(out);
  const nl = s.indexOf('\n');
  return (nl < 0 ? s : s.slice(0, nl)).trim();
}

/** NUL-separated fields of a `-z` output, without the empty tail. */
export function nulFields(out: GitOutput | Buffer): string[] {
  const s = (Buffer.isBuffer(out) ? out : out.stdout).toString('utf8');
  const parts = s.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** One line for an error message: the command and what git said. */
export function describeFailure(out: GitOutput): string {
  const said = (out.error ?? out.stderr).trim().split('\n').filter(Boolean).slice(-3).join(' | ');
  return `git ${out.args.join(' ')} (exit ${out.code})${said ? `: ${said}` : ''}`;
}
