import type { AgentBackend, AgentLimits } from '../../agent/types';
import type { TaskDefinition } from '../../plugin/target-options';
import type { GuardSettings } from '../../runtime/completeness/guards';
import type { PromptTokenCounter, TokenCounter } from '../../runtime/context/tokens';
import type { OpenRepoResult } from '../../runtime/git/repo';
import type { JournalSink } from '../../runtime/journal/types';
import type { TaskResult, TaskStatus } from '../../runtime/record/types';
import type { CommandRunner } from '../../runtime/verify/runner';
import type { RecordedTask } from './replay';
import type { VerifyCheck } from '../../runtime/verify/types';
import type { Component, Requirement } from '../../spec/types';

/** How a task is verified and how often the agent may fix a failed verification. `scope` and `guardTests`: docs/completeness.md. */
export interface TaskVerification extends GuardSettings {
  /** The plugin's default commands, for a task that names none. */
  commands?: readonly string[];
  /** The workspace's own test command, when neither the task nor the plugin names one. */
  workspaceTest?: string;
  /** Further attempts after a failed verification. Default 2. */
  retries?: number;
  /** Per verify command, in milliseconds. Default 10 minutes. */
  timeoutMs?: number;
}

/** Everything that says which task to run and how; plain data, so Nx options and a CLI map onto it. */
export interface TaskRunInput {
  task: TaskDefinition;
  /** Absolute path of the workspace: the spec path is relative to it, results are written under it. */
  workspaceRoot: string;
  /** Workspace-relative path of the spec; the task's files and verify commands are relative to its folder. */
  spec: string;
  /** Hash of the task's feature section: a reworded requirement means the task is redone. */
  featureHash?: string;
  /** Hash of the tasks this one depends on: a changed upstream task means this one is redone. */
  dependencyHash?: string;
  /** Branch finished tasks merge into. Default `br/integration`. */
  integrationBranch?: string;
  verification?: TaskVerification;
  /** Tokens of context in the prompt. Default 4,000. */
  contextBudget?: number;
  /** Per task: `maxCostUsd` is shared by every attempt and the conflict turn. */
  limits?: Partial<AgentLimits>;
  /** The text of the requirements the task covers; ids alone are shown without it. */
  requirements?: readonly Requirement[];
  /** The components of the task's feature: which spec line names which file, for loud missing-file reports. */
  components?: readonly Component[];
  /** Where secret values are looked up (and what commands start from). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * Every task this one depends on, directly or not, as defined now. Their records restored from a
   * cache (another machine ran them) are replayed onto the integration branch before this task
   * starts, so it builds on their changes (see `replay.ts`).
   */
  upstream?: readonly RecordedTask[];
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The effects of a run, each swappable: tests script the agent, benchmarks time it, a CLI logs elsewhere. */
export interface TaskRunDeps {
  agent: AgentBackend;
  /** Default `openRepo` from the git runtime. */
  openRepo?: (dir: string) => Promise<OpenRepoResult>;
  clock?: Clock;
  /** One line at a time, already scrubbed of secrets. Default: nothing is printed. */
  log?: (line: string) => void;
  verifyRunner?: CommandRunner;
  /** Checks run on top of the default ones (the completeness guards, which `verification` configures). */
  checks?: readonly VerifyCheck[];
  /** Counts the first prompt for the record; the estimate when absent. */
  tokenCounter?: TokenCounter | PromptTokenCounter;
  signal?: AbortSignal;
  /** Where the task's steps are journaled (`.buildrunner/journal.jsonl`); nothing when absent. */
  journal?: JournalSink;
  /**
   * Waits for a turn to run the agent, and returns the release. A batch (`batch.ts`) bounds its
   * agents at work this way, so that setting up worktrees, building context, verifying and
   * merging go on beside other tasks' agents instead of holding a turn. None: no waiting.
   */
  agentSlot?: () => Promise<() => void>;
  /** How urgent the task is among the tasks of this process: the higher merges first when several wait. */
  priority?: number;
}

export interface TaskRunOutcome {
  success: boolean;
  status: TaskStatus;
  /** One line for people: what happened, and on failure where to look. */
  message: string;
  /** The task's output folder (result.json, prompt.md, change.patch). */
  outputDir: string;
  result: TaskResult;
  /** True when an earlier run's merged result was found and nothing was run. */
  reused: boolean;
}
