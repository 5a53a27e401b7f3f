import path from 'node:path';
import type { TokenUsage } from './cost';
import type { AgentEvent, AgentStatus } from './types';
import type { MeasuredCall } from './usage';

/**
 * Reads the `claude -p --output-format stream-json --verbose` protocol, one JSON object per line:
 * `system` (init), `assistant` and `user` messages as the session goes, and a final `result` with
 * the outcome, turns, cost and usage. Pure: lines in, events and a summary out. The CLI's output is
 * untrusted like any agent's, so every field is checked before use and anything odd is skipped.
 */

/** Claude Code tools that write the file named in their input. */
const WRITING_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

export interface ClaudeOutcome {
  status: AgentStatus;
  summary: string;
  error?: string;
  calls: MeasuredCall[];
  filesWritten: string[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export class ClaudeStreamReader {
  private turns = 0;
  private lastMessageId: string | undefined;
  private lastText = '';
  private initModel: string | undefined;
  private result: Json | undefined;
  private readonly pending = new Map<string, { name: string; path?: string }>();
  private readonly written = new Set<string>();

  /** `roots`: the worktree's names (as given and real), to make the CLI's absolute paths relative. */
  constructor(private readonly roots: readonly string[]) {}

  /** One stdout line; returns the progress events it carries. */
  push(line: string): AgentEvent[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return []; // the CLI may print plain warnings; they are not protocol
    }
    if (!isRecord(parsed)) return [];
    switch (parsed.type) {
      case 'system':
        if (parsed.subtype === 'init') this.initModel = text(parsed.model);
        return [];
      case 'assistant':
        return this.assistant(parsed.message);
      case 'user':
        return this.toolResults(parsed.message);
      case 'result':
        this.result = parsed;
        return [];
      default:
        return [];
    }
  }

  private assistant(message: unknown): AgentEvent[] {
    if (!isRecord(message) || !Array.isArray(message.content)) return [];
    const events: AgentEvent[] = [];
    // One API reply can arrive as several lines (one per content block) sharing its id.
    const id = text(message.id);
    if (id === undefined || id !== this.lastMessageId) {
      this.turns++;
      this.lastMessageId = id;
      events.push({ type: 'turn', turn: this.turns });
    }
    for (const block of message.content) {
      if (!isRecord(block)) continue;
      if (block.type === 'text' && text(block.text)?.trim()) {
        this.lastText = (block.text as string).trim();
        events.push({ type: 'text', text: this.lastText });
      } else if (block.type === 'tool_use' && text(block.id) && text(block.name)) {
        const input = isRecord(block.input) ? block.input : {};
        const target = text(input.file_path) ?? text(input.notebook_path) ?? text(input.path);
        const rel = target === undefined ? undefined : this.relative(target);
        this.pending.set(block.id as string, { name: block.name as string, ...(rel ? { path: rel } : {}) });
      }
    }
    return events;
  }

  private toolResults(message: unknown): AgentEvent[] {
    if (!isRecord(message) || !Array.isArray(message.content)) return [];
    const events: AgentEvent[] = [];
    for (const block of message.content) {
      if (!isRecord(block) || block.type !== 'tool_result') continue;
      const call = this.pending.get(text(block.tool_use_id) ?? '');
      if (!call) continue;
      const ok = block.is_error !== true;
      if (ok && call.path && WRITING_TOOLS.has(call.name)) this.written.add(call.path);
      events.push({ type: 'tool', name: call.name, ...(call.path ? { path: call.path } : {}), ok });
    }
    return events;
  }

  /** Worktree-relative POSIX path, or undefined for a path outside the worktree. */
  private relative(target: string): string | undefined {
    for (const root of this.roots) {
      const rel = path.relative(root, path.resolve(root, target));
      if (rel && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
    }
    return undefined;
  }

  /** What the session came to; `fallbackModel` names the model when the CLI did not. */
  outcome(fallbackModel: string): ClaudeOutcome | undefined {
    const result = this.result;
    if (!result) return undefined;
    const subtype = text(result.subtype) ?? 'unknown';
    const words = text(result.result)?.trim() || this.lastText;
    const base = { summary: words, calls: this.calls(result, fallbackModel), filesWritten: [...this.written] };
    const turns = count(result.num_turns) || this.turns;
    if (subtype === 'success' && result.is_error !== true) return { ...base, status: 'done' };
    if (subtype === 'error_max_turns') return { ...base, status: 'limit', error: `Claude Code stopped at the turn limit after ${turns} turns` };
    if (subtype === 'error_max_budget_usd') return { ...base, status: 'limit', error: 'Claude Code stopped at the cost limit' };
    const errors = Array.isArray(result.errors) ? result.errors.filter((e): e is string => typeof e === 'string') : [];
    const detail = [words, ...errors].filter(Boolean).join('; ') || 'no details given';
    return { ...base, status: 'failed', error: `Claude Code ended with ${subtype}${result.is_error === true ? ' (is_error)' : ''}: ${detail}` };
  }

  /** One call per model the session used, as the CLI sums usage per model rather than per request. */
  private calls(result: Json, fallbackModel: string): MeasuredCall[] {
    const durationMs = count(result.duration_ms);
    const perModel = isRecord(result.modelUsage) ? Object.entries(result.modelUsage).filter(([, u]) => isRecord(u)) : [];
    if (perModel.length > 0) {
      return perModel.map(([model, usage], i) => {
        const u = usage as Json;
        const tokens: TokenUsage = {
          inputTokens: count(u.inputTokens),
          outputTokens: count(u.outputTokens),
          cacheCreationInputTokens: count(u.cacheCreationInputTokens),
          cacheReadInputTokens: count(u.cacheReadInputTokens),
        };
        // The CLI reports one duration for the whole session: it goes with the first model.
        return { model, tokens, durationMs: i === 0 ? durationMs : 0, ...reportedCost(u.costUSD) };
      });
    }
    if (!isRecord(result.usage)) return [];
    const u = result.usage;
    const tokens: TokenUsage = {
      inputTokens: count(u.input_tokens),
      outputTokens: count(u.output_tokens),
      cacheCreationInputTokens: count(u.cache_creation_input_tokens),
      cacheReadInputTokens: count(u.cache_read_input_tokens),
    };
    return [{ model: this.initModel ?? fallbackModel, tokens, durationMs, ...reportedCost(result.total_cost_usd) }];
  }
}

function reportedCost(value: unknown): { reportedCostUsd?: number } {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? { reportedCostUsd: value } : {};
}
