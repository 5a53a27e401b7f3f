import type { Task } from '../../plan/types';

export interface CommandRun {
  command: string;
  /** null when the process ended by a signal or never started. */
  exitCode: number | null;
  signal?: string;
  durationMs: number;
  timedOut: boolean;
  /** stdout and stderr interleaved, head and tail kept when long, secrets scrubbed. */
  output: string;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  message: string;
}

/**
 * A further check on the agent's work beyond files and commands (e.g. that no test was
 * weakened): the extension point for adversarial checks.
 */
export interface VerifyCheck {
  name: string;
  run(input: CheckInput): Promise<CheckResult>;
}

export interface CheckInput {
  task: VerifiedTask;
  cwd: string;
  /**
   * Work several checks need of the same verification (listing the task's changes), done by the
   * first that asks and shared with the rest: nothing changes the worktree while checks run.
   */
  once<T>(key: OnceKey<T>, compute: () => Promise<T>): Promise<T>;
}

/** Names one piece of shared work; its identity is the key, `T` what the work yields. */
export interface OnceKey<T> {
  readonly name: string;
  /** Never set: only carries `T`. */
  readonly yields?: T;
}

export type VerifiedTask = Pick<Task, 'id' | 'files'>;

export interface VerifyReport {
  ok: boolean;
  /** Task files (relative to the spec dir) that do not exist, or lie outside it. */
  missingFiles: string[];
  /** Task files that exist but are empty. */
  emptyFiles: string[];
  commands: CommandRun[];
  checks: CheckResult[];
  durationMs: number;
  /** One line for logs and results. */
  summary: string;
}
