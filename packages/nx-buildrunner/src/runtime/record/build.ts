import type { AgentResult, CallUsage } from '../../agent/types';
import type { Context } from '../context/types';
import { trimMiddle } from '../../process/head-tail';
import type { VerifyReport } from '../verify/types';
import type {
  AgentSummary,
  AttemptRecord,
  ContextRecord,
  TaskResult,
  TaskStatus,
  Timings,
  UsageRecord,
  UsageTotals,
  VerifySummary,
} from './types';

/** A result file stays small: the agent's words and failing output are cut to these. */
const MAX_SUMMARY_CHARS = 2_000;
const MAX_OUTPUT_TAIL_CHARS = 1_000;

export interface AttemptInput {
  n: number;
  agent: AgentResult;
  verify?: VerifyReport;
  durationMs: number;
}

export interface TaskResultInput {
  taskId: string;
  title: string;
  taskHash: string;
  featureHash?: string;
  dependencyHash?: string;
  status: TaskStatus;
  attempts: readonly AttemptInput[];
  /** The one agent turn that resolved a merge conflict, when there was one. */
  conflictAgent?: AgentResult;
  files?: readonly string[];
  commit?: string;
  integrationCommit?: string;
  /** Missing steps count as 0 ms (a blocked task never made a worktree). */
  timings: Partial<Timings>;
  context?: Context;
  promptTokens?: number;
  error?: string;
  worktree?: string;
  startedAt: Date;
  finishedAt: Date;
}

function summarizeAgent(agent: AgentResult): AgentSummary {
  const out: AgentSummary = {
    status: agent.status,
    summary: trimMiddle(agent.summary, MAX_SUMMARY_CHARS),
    filesWritten: [...agent.filesWritten],
    calls: agent.calls.length,
  };
  if (agent.error !== undefined) out.error = trimMiddle(agent.error, MAX_SUMMARY_CHARS);
  return out;
}

export function summarizeVerify(report: VerifyReport): VerifySummary {
  return {
    ok: report.ok,
    summary: report.summary,
    missingFiles: [...report.missingFiles],
    emptyFiles: [...report.emptyFiles],
    commands: report.commands.map((c) => ({
      command: c.command,
      exitCode: c.exitCode,
      durationMs: c.durationMs,
      timedOut: c.timedOut,
      outputTail: c.exitCode === 0 && !c.timedOut ? '' : c.output.trimEnd().slice(-MAX_OUTPUT_TAIL_CHARS),
    })),
    checks: report.checks.map((c) => ({ ...c })),
  };
}

/** Sums rounded to a millionth of a dollar, so adding many small costs prints cleanly. */
export function totalUsage(calls: readonly CallUsage[]): UsageTotals {
  const sum = (pick: (c: CallUsage) => number) => calls.reduce((n, c) => n + pick(c), 0);
  return {
    calls: calls.length,
    inputTokens: sum((c) => c.inputTokens),
    outputTokens: sum((c) => c.outputTokens),
    cacheCreationInputTokens: sum((c) => c.cacheCreationInputTokens),
    cacheReadInputTokens: sum((c) => c.cacheReadInputTokens),
    costUsd: Math.round(sum((c) => c.costUsd) * 1e6) / 1e6,
  };
}

function contextRecord(context: Context, promptTokens: number | undefined): ContextRecord {
  const record: ContextRecord = {
    budget: context.budget,
    tokens: context.tokens,
    sections: context.sections.map(({ kind, path, taskId, tokens, trimmed }) => ({
      kind,
      ...(path === undefined ? {} : { path }),
      ...(taskId === undefined ? {} : { taskId }),
      tokens,
      ...(trimmed === undefined ? {} : { trimmed }),
    })),
    cut: context.cut.map((c) => ({ ...c })),
  };
  if (promptTokens !== undefined) record.promptTokens = promptTokens;
  return record;
}

/** The task's result as `result.json` holds it, with usage per call and in total. */
export function buildTaskResult(input: TaskResultInput): TaskResult {
  const attempts: AttemptRecord[] = input.attempts.map((a) => {
    const record: AttemptRecord = { n: a.n, agent: summarizeAgent(a.agent), durationMs: a.durationMs };
    if (a.verify !== undefined) record.verify = summarizeVerify(a.verify);
    return record;
  });
  const calls: UsageRecord[] = [
    ...input.attempts.flatMap((a) => a.agent.calls.map((c): UsageRecord => ({ ...c, attempt: a.n, purpose: 'attempt' }))),
    ...(input.conflictAgent?.calls ?? []).map(
      (c): UsageRecord => ({ ...c, attempt: input.attempts.length, purpose: 'conflict' }),
    ),
  ];
  const t = input.timings;
  const result: TaskResult = {
    version: 1,
    taskId: input.taskId,
    title: input.title,
    taskHash: input.taskHash,
    status: input.status,
    attempts,
    usage: { calls, totals: totalUsage(calls) },
    files: [...(input.files ?? [])],
    timings: {
      worktreeMs: t.worktreeMs ?? 0,
      contextMs: t.contextMs ?? 0,
      agentMs: t.agentMs ?? 0,
      verifyMs: t.verifyMs ?? 0,
      mergeMs: t.mergeMs ?? 0,
      totalMs: t.totalMs ?? input.finishedAt.getTime() - input.startedAt.getTime(),
    },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
  };
  if (input.featureHash !== undefined) result.featureHash = input.featureHash;
  if (input.dependencyHash !== undefined) result.dependencyHash = input.dependencyHash;
  if (input.commit !== undefined) result.commit = input.commit;
  if (input.integrationCommit !== undefined) result.integrationCommit = input.integrationCommit;
  if (input.context !== undefined) result.context = contextRecord(input.context, input.promptTokens);
  if (input.error !== undefined) result.error = input.error;
  if (input.worktree !== undefined) result.worktree = input.worktree;
  return result;
}
