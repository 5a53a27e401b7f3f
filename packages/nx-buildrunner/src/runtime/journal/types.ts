import type { TaskStatus } from '../record/types';

/**
 * The journal is the run's source of truth: one JSON object per line, appended by every process
 * of a run (Nx runs each task in its own), never rewritten. The run record is a checkpoint folded
 * from it. Events carry no secrets and no file contents, only names, paths, counts and outcomes.
 */
export const JOURNAL_VERSION = 1;

/** Where a task is in its life; `br status --watch` shows the latest one per task. */
export type TaskStep = 'worktree' | 'context' | 'prompt' | 'agent' | 'verify' | 'merge' | 'record';

export interface TokenTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export type JournalEventBody =
  | { type: 'run-start'; spec: string; tasks: string[]; workers: number; command: string }
  | { type: 'task-start'; task: string; attempt: number }
  | { type: 'task-step'; task: string; step: TaskStep; attempt: number }
  | { type: 'agent-tool'; task: string; name: string; path?: string; ok: boolean }
  | { type: 'file-changed'; task: string; path: string; change: 'add' | 'change' | 'unlink'; declared: boolean }
  | { type: 'flag'; task: string; severity: 'warning' | 'error'; rule: string; message: string; path?: string }
  | {
      type: 'task-end';
      task: string;
      status: TaskStatus;
      attempts: number;
      durationMs: number;
      tokens: TokenTotals;
      costUsd: number;
      commit?: string;
      message: string;
      /** Nothing ran: an earlier run's merged result (or Nx's cache) stood for this one. */
      reused?: boolean;
    }
  | { type: 'run-end'; status: 'complete' | 'incomplete' | 'failed'; message: string };

export type JournalEvent = JournalEventBody & {
  v: typeof JOURNAL_VERSION;
  /** Milliseconds since the epoch. */
  t: number;
  /** The run this event belongs to (`BR_RUN_ID` in the environment of the processes of a run). */
  run: string;
  pid: number;
};

/** What every producer needs: append one event. Implementations must never throw into the caller. */
export interface JournalSink {
  append(event: JournalEventBody): void;
}
