import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AgentBackend, AgentLimits, AgentResult, Prompt } from '../../agent/types';
import { type ConflictResolver, hasConflictMarkers } from '../../runtime/git/conflict';
import type { VerifyReport } from '../../runtime/verify/types';
import type { TaskDefinition } from '../../plugin/target-options';
import { timed } from './clock';
import { conflictPrompt } from './conflict-prompt';
import { describeEvent, usd } from './progress';
import { leakedSecrets } from './secret-guard';
import type { Clock } from './types';

export interface ConflictTurnInput {
  task: TaskDefinition;
  /** The attempt number the turn goes by (one past the last verification attempt). */
  attempt: number;
  verifyCommands: readonly string[];
  limits: AgentLimits;
  /** What the attempts have spent; the turn gets the rest of the task's cost limit. */
  spentUsd: number;
  env: NodeJS.ProcessEnv;
}

export interface ConflictTurnDeps {
  agent: AgentBackend;
  clock: Clock;
  log: (line: string) => void;
  /** Checks the worktree as the resolution left it. */
  verify: () => Promise<VerifyReport>;
  signal?: AbortSignal;
  /** Waits for a turn to run the agent (see `TaskRunDeps.agentSlot`); the wait is not agent time. */
  agentSlot?: () => Promise<() => void>;
}

/** What the turn did, for the record; absent when no conflict came up. */
export interface ConflictTurnRecord {
  prompt: Prompt;
  agent: AgentResult;
  verify?: VerifyReport;
  agentMs: number;
  verifyMs: number;
}

/**
 * The merge's conflict resolver: one agent turn on the conflicted worktree, which counts only
 * when no marker is left and verification passes on the combined result (a resolution that
 * compiles but breaks a test must not reach the integration branch).
 */
export function conflictTurn(input: ConflictTurnInput, deps: ConflictTurnDeps): { resolve: ConflictResolver; record(): ConflictTurnRecord | undefined } {
  let record: ConflictTurnRecord | undefined;
  const { task } = input;
  const { clock, log } = deps;
  const resolve: ConflictResolver = async (conflict) => {
    const remaining = input.limits.maxCostUsd - input.spentUsd;
    if (remaining <= 0) return { ok: false, message: `no budget left for a conflict turn (cost limit ${usd(input.limits.maxCostUsd)})` };
    const prompt = conflictPrompt({ taskId: task.id, title: task.title, attempt: input.attempt, conflict, verifyCommands: input.verifyCommands, env: input.env });
    const release = (await deps.agentSlot?.()) ?? (() => undefined);
    log(`[${task.id}] conflict with the integration branch in ${conflict.files.join(', ')}: one agent turn to resolve it`);
    const [agent, agentMs] = await timed(clock, () =>
      deps.agent.run({
        taskId: task.id,
        attempt: input.attempt,
        prompt,
        worktree: conflict.worktree,
        limits: { ...input.limits, maxCostUsd: remaining },
        ...(deps.signal ? { signal: deps.signal } : {}),
        onEvent: (event) => {
          const line = describeEvent(task.id, event);
          if (line !== undefined) log(line);
        },
      }),
    ).finally(release);
    record = { prompt, agent, agentMs, verifyMs: 0 };
    if (agent.status === 'failed' || agent.status === 'refused') {
      return { ok: false, message: `the agent ${agent.status === 'refused' ? 'refused' : 'failed'}: ${agent.error ?? 'no reason given'}` };
    }
    const texts = await Promise.all(conflict.files.map((f) => readFile(path.join(conflict.worktree, f), 'utf8').catch(() => '')));
    const marked = conflict.files.filter((_, i) => hasConflictMarkers(texts[i] ?? ''));
    if (marked.length > 0) return { ok: false, message: `conflict markers are left in ${marked.join(', ')}` };
    // The rebased commit goes to the integration branch without another look: no credential may ride along.
    const touched = [...new Set([...conflict.files, ...agent.filesWritten])];
    const contents = await Promise.all(touched.map((f) => readFile(path.join(conflict.worktree, f)).catch(() => Buffer.alloc(0))));
    const leaked = [...new Set(contents.flatMap((c) => leakedSecrets(c, input.env)))];
    if (leaked.length > 0) return { ok: false, message: `the resolution contains the value of ${leaked.join(', ')}` };
    const [report, verifyMs] = await timed(clock, deps.verify);
    record = { ...record, verify: report, verifyMs };
    log(`[${task.id}] conflict turn: ${report.summary}`);
    return report.ok ? { ok: true } : { ok: false, message: `verification ${report.summary}` };
  };
  return { resolve, record: () => record };
}
