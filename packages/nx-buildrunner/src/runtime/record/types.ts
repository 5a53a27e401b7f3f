import type { AgentStatus, CallUsage } from '../../agent/types';
import type { ContextCut, SectionKind } from '../context/types';
import type { CheckResult } from '../verify/types';

export const TASK_STATUSES = ['merged', 'failed', 'blocked', 'skipped'] as const;
/** `blocked`: a dependency did not merge. `skipped`: nothing to do (already merged, or filtered out). */
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const RESULT_FILE = 'result.json';
export const PROMPT_FILE = 'prompt.md';
/** Written by the merge step, next to the result. */
export const PATCH_FILE = 'change.patch';

export interface AgentSummary {
  status: AgentStatus;
  summary: string;
  filesWritten: string[];
  calls: number;
  error?: string;
}

export interface CommandSummary {
  command: string;
  exitCode: number | null;
  durationMs: number;
  timedOut: boolean;
  /** The end of a failing command's output; empty for passing ones (the prompt's feedback has more). */
  outputTail: string;
}

export interface VerifySummary {
  ok: boolean;
  summary: string;
  missingFiles: string[];
  emptyFiles: string[];
  commands: CommandSummary[];
  checks: CheckResult[];
}

export interface AttemptRecord {
  n: number;
  agent: AgentSummary;
  /** Absent when the agent failed before there was anything to verify. */
  verify?: VerifySummary;
  durationMs: number;
}

export interface UsageRecord extends CallUsage {
  /** The attempt the call belongs to; the conflict-resolution turn after the last attempt has its own purpose. */
  attempt: number;
  purpose: 'attempt' | 'conflict';
}

export interface UsageTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  costUsd: number;
}

export interface Timings {
  worktreeMs: number;
  contextMs: number;
  agentMs: number;
  verifyMs: number;
  mergeMs: number;
  totalMs: number;
}

export interface ContextRecord {
  budget: number;
  /** Estimated tokens of the selected context. */
  tokens: number;
  /** The first attempt's whole prompt, counted by the API when it was available. */
  promptTokens?: number;
  sections: { kind: SectionKind; path?: string; taskId?: string; tokens: number; trimmed?: string }[];
  cut: ContextCut[];
}

/** `result.json`: everything a later reader (a dependent task, `br status`, a report) needs. */
export interface TaskResult {
  version: 1;
  taskId: string;
  title: string;
  taskHash: string;
  /** Hash of the task's feature section when it ran: a reworded requirement makes the result stale. */
  featureHash?: string;
  /** Hash of the tasks it depends on when it ran: an upstream change makes the result stale. */
  dependencyHash?: string;
  status: TaskStatus;
  attempts: AttemptRecord[];
  usage: { calls: UsageRecord[]; totals: UsageTotals };
  /** Worktree-relative paths the task's commit changed. */
  files: string[];
  commit?: string;
  integrationCommit?: string;
  timings: Timings;
  context?: ContextRecord;
  error?: string;
  /** Where the worktree was kept after a failure. */
  worktree?: string;
  startedAt: string;
  finishedAt: string;
}
