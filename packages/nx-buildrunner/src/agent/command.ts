import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PRICES, type PriceTable } from './cost';
import { runProcess } from '../process/run';
import { scrubForRecord, secretValues } from './secrets';
import type { AgentBackend, AgentRequest, AgentResult, CallUsage } from './types';
import { callUsage } from './usage';

export interface CommandAgentOptions {
  /** The program to run (found on PATH unless a path is given). */
  command: string;
  /**
   * Its arguments. `{promptFile}` becomes the path of a file holding the prompt; `{taskId}`,
   * `{attempt}` and `{worktree}` are filled in too.
   */
  args?: string[];
  /**
   * How the prompt reaches the program: `file` (through `{promptFile}`) or `stdin`.
   * Default: `file` when an argument mentions `{promptFile}`, else `stdin`.
   */
  promptVia?: 'file' | 'stdin';
  /** The whole run. Default 30 minutes. */
  timeoutMs?: number;
  prices?: PriceTable;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 30 * 60_000;
/** Output kept for the summary and error messages. */
const OUTPUT_TAIL_CHARS = 4_000;
const SUMMARY_CHARS = 2_000;

/**
 * Any program as an agent: it gets the prompt (system part, a blank line, task part) through a
 * file or stdin, runs in the worktree with a time limit, and exit code 0 means it says it is done.
 * Its usage is unknown unless its last line of JSON on stdout is a report:
 * `{"usage": {...} | [...], "summary"?: "..."}` (docs/agents.md gives the fields).
 */
export class CommandBackend implements AgentBackend {
  readonly name = 'command';
  private readonly options: CommandAgentOptions;

  constructor(options: CommandAgentOptions) {
    this.options = options;
  }

  async run(request: AgentRequest): Promise<AgentResult> {
    const secrets = secretValues(process.env);
    const clean = (text: string) => scrubForRecord(text, secrets);
    const args = this.options.args ?? [];
    const via = this.options.promptVia ?? (args.some((arg) => arg.includes('{promptFile}')) ? 'file' : 'stdin');
    const prompt = `${request.prompt.system}\n\n${request.prompt.user}`;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;

    // The prompt file lives outside the worktree so it never ends up in the task's commit.
    const promptDir = via === 'file' ? await mkdtemp(path.join(os.tmpdir(), 'br-prompt-')) : undefined;
    const promptFile = promptDir ? path.join(promptDir, 'prompt.md') : '';
    let lastReport: unknown;
    try {
      if (promptDir) await writeFile(promptFile, prompt);
      const values: Record<string, string> = {
        promptFile,
        taskId: request.taskId,
        attempt: String(request.attempt),
        worktree: request.worktree,
      };
      const outcome = await runProcess({
        file: this.options.command,
        args: args.map((arg) => arg.replace(/\{(promptFile|taskId|attempt|worktree)\}/g, (_, name: string) => values[name] ?? '')),
        cwd: request.worktree,
        env: process.env,
        timeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(via === 'stdin' ? { stdin: prompt } : {}),
        onStdoutLine: (line) => {
          const report = parseReport(line);
          if (report !== undefined) lastReport = report;
        },
        keep: { head: 0, tail: OUTPUT_TAIL_CHARS },
      });

      const report = readReport(lastReport, this.options.prices ?? DEFAULT_PRICES);
      const tail = clean(outcome.output.trim());
      const base = { calls: report.calls, filesWritten: [] as string[] };
      if (outcome.spawnError) return { ...base, status: 'failed', summary: '', error: `could not start ${this.options.command}: ${outcome.spawnError}` };
      if (outcome.aborted) return { ...base, status: 'failed', summary: tail.slice(-SUMMARY_CHARS), error: 'aborted' };
      if (outcome.timedOut) {
        return { ...base, status: 'limit', summary: tail.slice(-SUMMARY_CHARS), error: `${this.options.command} did not finish within ${timeoutMs / 1000} s and was stopped` };
      }
      const summary = clean(report.summary ?? tail.slice(-SUMMARY_CHARS));
      if (outcome.exitCode === 0) return { ...base, status: 'done', summary };
      const how = outcome.exitCode === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `exited with code ${outcome.exitCode}`;
      return { ...base, status: 'failed', summary, error: `${this.options.command} ${how}` };
    } finally {
      if (promptDir) await rm(promptDir, { recursive: true, force: true });
    }
  }
}

/** A stdout line that is a JSON object with a `usage` key, else undefined. */
function parseReport(line: string): unknown {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') || !trimmed.includes('"usage"')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && 'usage' in value ? value : undefined;
  } catch {
    return undefined;
  }
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tokens(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** The report's calls, each checked; a malformed entry makes the whole report count as absent. */
function readReport(report: unknown, prices: PriceTable): { calls: CallUsage[]; summary?: string } {
  if (!isRecord(report)) return { calls: [] };
  const entries = Array.isArray(report.usage) ? report.usage : [report.usage];
  const calls: CallUsage[] = [];
  for (const entry of entries) {
    if (!isRecord(entry) || typeof entry.model !== 'string') return { calls: [] };
    const input = tokens(entry.inputTokens);
    const output = tokens(entry.outputTokens);
    if (input === undefined || output === undefined) return { calls: [] };
    const cost = entry.costUsd;
    calls.push(
      callUsage(
        {
          model: entry.model,
          tokens: {
            inputTokens: input,
            outputTokens: output,
            cacheCreationInputTokens: tokens(entry.cacheCreationInputTokens) ?? 0,
            cacheReadInputTokens: tokens(entry.cacheReadInputTokens) ?? 0,
          },
          durationMs: tokens(entry.durationMs) ?? 0,
          ...(typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? { reportedCostUsd: cost } : {}),
        },
        prices,
      ),
    );
  }
  return { calls, ...(typeof report.summary === 'string' ? { summary: report.summary } : {}) };
}
