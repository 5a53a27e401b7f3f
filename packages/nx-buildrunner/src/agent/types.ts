/**
 * One interface for every way of getting a task done: our own tool loop on the Anthropic SDK,
 * the Claude Code CLI, any command, or the offline agent used by the demo and tests.
 * A backend gets a prompt and a worktree and reports what it did and what it cost;
 * verification and merging are not its business.
 */

export interface Prompt {
  /** Stable across tasks of a run, so the API can cache it. */
  system: string;
  /** The focused task part, ending at an explicit stop point. */
  user: string;
}

export interface AgentLimits {
  maxTurns: number;
  /** Output tokens per model call. */
  maxTokens: number;
  /** The run stops before a call that would start above this spend. */
  maxCostUsd: number;
  /** Per shell command the agent runs. */
  commandTimeoutMs: number;
}

export interface AgentRequest {
  taskId: string;
  /** 1 for the first attempt; verification failures start the next one. */
  attempt: number;
  prompt: Prompt;
  /** Absolute path of the task's worktree: the only place the agent may touch. */
  worktree: string;
  limits: AgentLimits;
  signal?: AbortSignal;
  /** Progress for the journal and `br status --watch`; never carries secrets. */
  onEvent?: (event: AgentEvent) => void;
}

export type AgentEvent =
  | { type: 'turn'; turn: number }
  | { type: 'tool'; name: string; path?: string; ok: boolean }
  | { type: 'text'; text: string }
  | { type: 'retry'; reason: string };

export interface CallUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  /** From the price table (data, not code); 0 when the model is unknown there. */
  costUsd: number;
  /** False when the price table has no price for this model, so costUsd is 0 rather than a guess. */
  priced?: boolean;
  durationMs: number;
  requestId?: string;
}

export type AgentStatus =
  /** The agent says it finished; verification decides whether that is true. */
  | 'done'
  /** A limit (turns, tokens, cost) stopped it. */
  | 'limit'
  /** The model refused; nothing it asked for was run. */
  | 'refused'
  | 'failed';

export interface AgentResult {
  status: AgentStatus;
  /** The agent's final words (trimmed); shown in results, fed to nothing else. */
  summary: string;
  calls: CallUsage[];
  /** Worktree-relative paths the agent wrote through its tools, in order. */
  filesWritten: string[];
  error?: string;
}

export interface AgentBackend {
  readonly name: string;
  run(request: AgentRequest): Promise<AgentResult>;
}
