import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runProcess } from '../../agent/process';
import type { Task } from '../../plan/types';
import { scrubEnv, scrubSecrets } from '../../runtime/secrets';

/**
 * A task's own checks, without any agent: the files it was to create exist, and its verify
 * commands pass. Pure apart from the two injectable effects, so the task executor's verification
 * loop and tests can reuse it.
 */

export interface CommandOutcome {
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** stdout and stderr interleaved, cut in the middle when long, secrets scrubbed. */
  output: string;
  /** Set when the shell could not be started at all. */
  error?: string;
}

export interface CommandResult extends CommandOutcome {
  command: string;
  ok: boolean;
}

export interface VerifyReport {
  ok: boolean;
  /** How many distinct files the task names. */
  checkedFiles: number;
  /** Task files that do not exist, as the task names them. */
  missingFiles: string[];
  /** Commands that ran, in order; the first failure stops the rest. */
  commands: CommandResult[];
  /** Commands not run because files were missing or an earlier command failed. */
  notRun: string[];
}

export type CommandRunner = (command: string, options: { cwd: string; timeoutMs: number }) => Promise<CommandOutcome>;

export interface VerifyTaskOptions {
  /** Where the task's paths are relative to and its commands run: the spec's folder. */
  cwd: string;
  /** Time limit of each command. */
  timeoutMs: number;
  run?: CommandRunner;
  exists?: (path: string) => boolean;
}

/** Enough of a failing test run to see what failed and how it ended. */
const KEEP = { head: 4_000, tail: 8_000 };

function shell(command: string): { file: string; args: string[] } {
  return process.platform === 'win32'
    ? { file: process.env['ComSpec'] ?? 'cmd.exe', args: ['/d', '/s', '/c', command] }
    : { file: '/bin/sh', args: ['-c', command] };
}

/** Commands come from the spec; they get the environment without its secrets, and so does their output. */
export const runShellCommand: CommandRunner = async (command, { cwd, timeoutMs }) => {
  const outcome = await runProcess({ ...shell(command), cwd, env: scrubEnv(process.env), timeoutMs, keep: KEEP });
  const result: CommandOutcome = {
    exitCode: outcome.exitCode,
    timedOut: outcome.timedOut,
    durationMs: outcome.durationMs,
    output: scrubSecrets(outcome.output).trim(),
  };
  if (outcome.spawnError !== undefined) result.error = outcome.spawnError;
  return result;
};

export async function verifyTask(task: Pick<Task, 'files' | 'verify'>, options: VerifyTaskOptions): Promise<VerifyReport> {
  const run = options.run ?? runShellCommand;
  const exists = options.exists ?? existsSync;
  const files = [...new Set(task.files)];
  const missingFiles = files.filter((file) => !exists(resolve(options.cwd, file)));
  const report: VerifyReport = { ok: missingFiles.length === 0, checkedFiles: files.length, missingFiles, commands: [], notRun: [] };
  for (const command of task.verify) {
    if (!report.ok) {
      report.notRun.push(command);
      continue;
    }
    const outcome = await run(command, { cwd: options.cwd, timeoutMs: options.timeoutMs });
    const ok = outcome.exitCode === 0 && !outcome.timedOut && outcome.error === undefined;
    report.commands.push({ command, ok, ...outcome });
    report.ok = ok;
  }
  return report;
}
