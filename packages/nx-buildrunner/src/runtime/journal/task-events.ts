import type { AgentEvent } from '../../agent/types';
import type { TaskResult } from '../record/types';
import type { JournalSink, TaskStep, TokenTotals } from './types';

/** What the task executor reports, one call per moment of a task's life. */
export interface TaskJournal {
  start(attempt: number): void;
  step(step: TaskStep, attempt: number): void;
  /** The agent's progress: only tool calls are journaled (text stays in the result). */
  agent(event: AgentEvent): void;
  end(result: TaskResult, message: string, reused?: boolean): void;
}

export function resultTokens(result: TaskResult): TokenTotals {
  const t = result.usage.totals;
  return { input: t.inputTokens, output: t.outputTokens, cacheRead: t.cacheReadInputTokens, cacheWrite: t.cacheCreationInputTokens };
}

/** A task's events on a sink; without a sink every call does nothing. */
export function taskJournal(sink: JournalSink | undefined, task: string): TaskJournal {
  if (sink === undefined) return { start: () => undefined, step: () => undefined, agent: () => undefined, end: () => undefined };
  return {
    start: (attempt) => sink.append({ type: 'task-start', task, attempt }),
    step: (step, attempt) => sink.append({ type: 'task-step', task, step, attempt }),
    agent: (event) => {
      if (event.type !== 'tool') return;
      sink.append({ type: 'agent-tool', task, name: event.name, ...(event.path === undefined ? {} : { path: event.path }), ok: event.ok });
    },
    end: (result, message, reused) =>
      sink.append({
        type: 'task-end',
        task,
        status: result.status,
        attempts: result.attempts.length,
        durationMs: result.timings.totalMs,
        tokens: resultTokens(result),
        costUsd: result.usage.totals.costUsd,
        ...(result.commit === undefined ? {} : { commit: result.commit }),
        message,
        ...(reused ? { reused: true } : {}),
      }),
  };
}
