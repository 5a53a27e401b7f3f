import type { TaskStep, TokenTotals } from '../journal/types';

export const RUN_RECORD_VERSION = 1;

export const TASK_STATES = ['pending', 'running', 'merged', 'failed', 'blocked', 'skipped'] as const;
export type TaskStateName = (typeof TASK_STATES)[number];

/** One task as the journal tells it: its latest run, or where that run is now. */
export interface TaskState {
  task: string;
  state: TaskStateName;
  /** While running: the step it is on. */
  step?: TaskStep;
  /** The attempt running now, or the number of attempts its last run took. */
  attempts: number;
  /** When its latest run started (ms since the epoch), and ended. */
  startedAt?: number;
  endedAt?: number;
  /** Of its latest finished run (a reused result keeps the time and spend of the run that made it). */
  durationMs: number;
  tokens: TokenTotals;
  costUsd: number;
  /** The file its agent (or the file watcher) last wrote, worktree-relative. */
  lastFile?: string;
  message?: string;
  commit?: string;
  /** Its latest end reused an earlier result: nothing ran, nothing was spent. */
  reused?: boolean;
  /** Warnings and errors flagged while it ran (writes outside its files, ...). */
  flags: { warning: number; error: number };
  run: string;
  /** The process running it, for telling a live task from one whose process was killed. */
  pid?: number;
}

export type RunStatus = 'running' | 'complete' | 'incomplete' | 'failed' | 'interrupted';

export interface RunInfo {
  id: string;
  startedAt: number;
  endedAt?: number;
  status: RunStatus;
  message?: string;
  spec?: string;
  /** The tasks `br run` meant to run; unknown for a plain `nx run-many`. */
  tasks?: string[];
  workers?: number;
  command?: string;
  /** Every process seen writing for this run: the run is over when all are gone. */
  pids: number[];
}

/**
 * `.buildrunner/run.json`: the journal folded up to `offset`, so readers start from here and
 * read only what was appended since. It can always be rebuilt from the journal.
 */
export interface RunRecord {
  version: typeof RUN_RECORD_VERSION;
  /** Bytes of the journal folded into this record (complete lines only). */
  offset: number;
  updatedAt: number;
  /** Oldest first; only the latest few are kept. */
  runs: RunInfo[];
  tasks: Record<string, TaskState>;
}

export function emptyRecord(): RunRecord {
  return { version: RUN_RECORD_VERSION, offset: 0, updatedAt: 0, runs: [], tasks: {} };
}
