import type { Task } from '../../plan/types';
import { type CommandRunner, runVerification, type VerifyReport } from '../../runtime/verify';

/**
 * A task's own checks, without any agent: the files it names exist and have content, and its
 * verify commands pass. The runtime's verification engine does the work; what this adds is the
 * choice the `br-verify` target stands for: the task's own commands, nothing inferred, no extra
 * checks, so the result depends only on what the target hashes.
 */

export interface VerifyTaskOptions {
  /** Where the task's paths are relative to and its commands run: the spec's folder. */
  cwd: string;
  /** Time limit of each command. */
  timeoutMs: number;
  runner?: CommandRunner;
  /** What commands start from, minus its secrets (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

export function verifyTask(task: Pick<Task, 'id' | 'files' | 'verify'>, options: VerifyTaskOptions): Promise<VerifyReport> {
  return runVerification(task, {
    cwd: options.cwd,
    commands: task.verify,
    timeoutMs: options.timeoutMs,
    ...(options.runner ? { runner: options.runner } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
}
