import type { AgentBackend, AgentLimits, Prompt } from '../../agent/types';
import { totalCost } from '../../agent/usage';
import { buildContext } from '../../runtime/context/build';
import { nodeContextFs } from '../../runtime/context/fs';
import { countPromptTokens, estimateCounter, type TokenCounter } from '../../runtime/context/tokens';
import type { Context, DependencyOutput } from '../../runtime/context/types';
import { buildPrompt } from '../../runtime/prompt/build';
import type { AttemptInput } from '../../runtime/record/build';
import { feedbackFor } from '../../runtime/verify/feedback';
import type { TaskJournal } from '../../runtime/journal/task-events';
import type { VerifyReport } from '../../runtime/verify/types';
import type { TaskDefinition } from '../../plugin/target-options';
import type { Requirement } from '../../spec/types';
import { timed } from './clock';
import { FEEDBACK_CHARS } from './defaults';
import { describeEvent, usd } from './progress';
import type { Clock } from './types';

export interface AttemptsInput {
  task: TaskDefinition;
  /** Absolute path of the task's worktree. */
  worktree: string;
  /** The spec's folder inside it, POSIX (`.` for the root). */
  specDir: string;
  dependencies: readonly DependencyOutput[];
  requirements?: readonly Requirement[];
  verifyCommands: readonly string[];
  budget: number;
  maxAttempts: number;
  limits: AgentLimits;
  env: NodeJS.ProcessEnv;
}

export interface AttemptsDeps {
  agent: AgentBackend;
  clock: Clock;
  log: (line: string) => void;
  /** Checks the worktree as it is now. */
  verify: () => Promise<VerifyReport>;
  tokenCounter?: TokenCounter;
  signal?: AbortSignal;
  journal?: TaskJournal;
  /** Waits for a turn to run the agent (see `TaskRunDeps.agentSlot`); the wait is not agent time. */
  agentSlot?: () => Promise<() => void>;
}

export interface AttemptsResult {
  passed: boolean;
  attempts: AttemptInput[];
  /** Every prompt sent, in order. */
  prompts: Prompt[];
  /** The first attempt's context and the tokens of its whole prompt. */
  context?: Context;
  promptTokens?: number;
  spentUsd: number;
  contextMs: number;
  agentMs: number;
  verifyMs: number;
  /** Why the loop ended without a passing verification. */
  error?: string;
}

/**
 * Steps 2 to 5 of a task: context, prompt, agent, verification, and again with the failure's
 * report while attempts remain. The context is rebuilt each time, since the files the task
 * changes are not what they were. An agent that fails or refuses ends the loop at once: another
 * attempt would meet the same API error or the same refusal.
 */
export async function runAttempts(input: AttemptsInput, deps: AttemptsDeps): Promise<AttemptsResult> {
  const { task } = input;
  const { clock, log } = deps;
  const fs = nodeContextFs(input.worktree);
  const out: AttemptsResult = { passed: false, attempts: [], prompts: [], spentUsd: 0, contextMs: 0, agentMs: 0, verifyMs: 0 };
  let feedback: string | undefined;

  for (let n = 1; n <= input.maxAttempts; n++) {
    const remaining = input.limits.maxCostUsd - out.spentUsd;
    if (remaining <= 0) {
      out.error = `the task's cost limit of ${usd(input.limits.maxCostUsd)} is spent after ${n - 1} attempts`;
      return out;
    }
    const started = clock.now();
    deps.journal?.step('context', n);
    const [prompt, contextMs] = await timed(clock, async () => {
      const context = await buildContext(
        {
          task,
          specDir: input.specDir,
          dependencies: input.dependencies,
          ...(input.requirements === undefined ? {} : { requirements: input.requirements }),
          verifyCommands: input.verifyCommands,
          budget: input.budget,
          env: input.env,
        },
        fs,
      );
      deps.journal?.step('prompt', n);
      const built = buildPrompt({ context, attempt: n, ...(feedback === undefined ? {} : { feedback }), env: input.env });
      if (n === 1) {
        out.context = context;
        out.promptTokens = await countPromptTokens(built, deps.tokenCounter ?? estimateCounter);
      }
      return built;
    });
    out.contextMs += contextMs;
    out.prompts.push(prompt);

    const release = (await deps.agentSlot?.()) ?? (() => undefined);
    log(`[${task.id}] attempt ${n} of ${input.maxAttempts}: ${deps.agent.name} agent at work`);
    deps.journal?.step('agent', n);
    const [agent, agentMs] = await timed(clock, () =>
      deps.agent.run({
        taskId: task.id,
        attempt: n,
        prompt,
        worktree: input.worktree,
        limits: { ...input.limits, maxCostUsd: remaining },
        ...(deps.signal ? { signal: deps.signal } : {}),
        onEvent: (event) => {
          deps.journal?.agent(event);
          const line = describeEvent(task.id, event);
          if (line !== undefined) log(line);
        },
      }),
    ).finally(release);
    out.agentMs += agentMs;
    out.spentUsd += totalCost(agent.calls);
    const calls = `${agent.calls.length} call${agent.calls.length === 1 ? '' : 's'}, ${usd(totalCost(agent.calls))}`;
    if (agent.status === 'failed' || agent.status === 'refused') {
      out.attempts.push({ n, agent, durationMs: clock.now() - started });
      out.error = `the ${deps.agent.name} agent ${agent.status === 'refused' ? 'refused the task' : 'failed'} on attempt ${n}: ${agent.error ?? 'no reason given'}`;
      log(`[${task.id}] attempt ${n}: agent ${agent.status} (${calls})`);
      return out;
    }
    deps.journal?.step('verify', n);
    const [report, verifyMs] = await timed(clock, deps.verify);
    out.verifyMs += verifyMs;
    out.attempts.push({ n, agent, verify: report, durationMs: clock.now() - started });
    log(`[${task.id}] attempt ${n}: agent ${agent.status} (${calls}); ${report.summary}`);
    if (report.ok) {
      out.passed = true;
      return out;
    }
    feedback = feedbackFor(report, FEEDBACK_CHARS);
    out.error = `verification ${report.summary}`;
  }
  out.error = `${out.error ?? 'verification failed'} (after ${input.maxAttempts} attempt${input.maxAttempts === 1 ? '' : 's'})`;
  return out;
}
