import { realpath } from 'node:fs/promises';
import { DEFAULT_MODEL } from './anthropic/backend';
import { ClaudeStreamReader } from './claude-code-stream';
import { DEFAULT_PRICES, type PriceTable } from './cost';
import { runProcess } from '../process/run';
import { scrubEvent, scrubForRecord, secretValues } from './secrets';
import type { AgentBackend, AgentEvent, AgentRequest, AgentResult, AgentStatus } from './types';
import { callUsage } from './usage';

export interface ClaudeCodeOptions {
  /** The CLI to run. Default `claude` (found on PATH). */
  binary?: string;
  model?: string;
  /** Tools Claude Code may use without asking (headless runs cannot ask). */
  allowedTools?: string[];
  /** The whole session. Default 30 minutes. */
  timeoutMs?: number;
  prices?: PriceTable;
}

export const DEFAULT_CLAUDE_TOOLS = ['Read', 'Edit', 'MultiEdit', 'Write', 'Glob', 'Grep', 'Bash'];
export const DEFAULT_SESSION_TIMEOUT_MS = 30 * 60_000;
/** Linux refuses single arguments near 128 KiB; longer prompts go through stdin. */
const MAX_PROMPT_ARG_CHARS = 100_000;
/** How much of the CLI's own output an error message quotes. */
const OUTPUT_TAIL_CHARS = 2_000;

/**
 * The Claude Code CLI in headless mode, run in the worktree. It brings its own tools and loop;
 * we pass the limits, read its stream-json output for progress, usage and cost, and report.
 * It gets the caller's environment, ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL included, since it
 * needs them to reach the API; what we record is scrubbed of every secret value.
 */
export class ClaudeCodeBackend implements AgentBackend {
  readonly name = 'claude-code';
  private readonly binary: string;
  private readonly model: string;
  private readonly allowedTools: readonly string[];
  private readonly timeoutMs: number;
  private readonly prices: PriceTable;

  constructor(options: ClaudeCodeOptions = {}) {
    this.binary = options.binary ?? 'claude';
    this.model = options.model ?? DEFAULT_MODEL;
    this.allowedTools = options.allowedTools ?? DEFAULT_CLAUDE_TOOLS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    this.prices = options.prices ?? DEFAULT_PRICES;
  }

  async run(request: AgentRequest): Promise<AgentResult> {
    const secrets = secretValues(process.env);
    const clean = (text: string) => scrubForRecord(text, secrets);
    const emit = (event: AgentEvent) => request.onEvent?.(scrubEvent(event, secrets));
    const roots = [request.worktree, await realpath(request.worktree).catch(() => request.worktree)];
    const reader = new ClaudeStreamReader(roots);
    const viaStdin = request.prompt.user.length > MAX_PROMPT_ARG_CHARS;

    const outcome = await runProcess({
      file: this.binary,
      args: this.args(request, viaStdin),
      cwd: request.worktree,
      env: process.env,
      timeoutMs: this.timeoutMs,
      ...(request.signal ? { signal: request.signal } : {}),
      ...(viaStdin ? { stdin: request.prompt.user } : {}),
      onStdoutLine: (line) => reader.push(line).forEach(emit),
      keep: { head: 0, tail: OUTPUT_TAIL_CHARS },
    });

    const fail = (status: AgentStatus, error: string): AgentResult => ({
      status,
      summary: '',
      calls: [],
      filesWritten: [],
      error: clean(error),
    });
    if (outcome.spawnError) return fail('failed', `could not start ${this.binary}: ${outcome.spawnError}`);
    if (outcome.aborted) return fail('failed', 'aborted');
    if (outcome.timedOut) return fail('limit', `Claude Code did not finish within ${this.timeoutMs / 1000} s and was stopped`);

    const session = reader.outcome(this.model);
    if (!session) {
      const how = outcome.exitCode === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `exited with code ${outcome.exitCode}`;
      return fail('failed', `${this.binary} ${how} without a result; its output ended with:\n${outcome.output.trim()}`);
    }
    return {
      status: session.status,
      summary: clean(session.summary),
      calls: session.calls.map((call) => callUsage(call, this.prices)),
      filesWritten: session.filesWritten,
      ...(session.error === undefined ? {} : { error: clean(session.error) }),
    };
  }

  private args(request: AgentRequest, viaStdin: boolean): string[] {
    const { limits } = request;
    return [
      '-p',
      ...(viaStdin ? [] : [request.prompt.user]),
      '--append-system-prompt',
      request.prompt.system,
      '--output-format',
      'stream-json',
      '--verbose',
      '--model',
      this.model,
      '--allowedTools',
      this.allowedTools.join(','),
      '--permission-mode',
      'acceptEdits',
      '--max-turns',
      String(limits.maxTurns),
      ...(Number.isFinite(limits.maxCostUsd) ? ['--max-budget-usd', String(limits.maxCostUsd)] : []),
    ];
  }
}
