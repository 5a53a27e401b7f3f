import { scrubEnv, scrubSecrets } from '../secrets';
import { fileState } from './files';
import { shellRunner, type CommandRunner } from './runner';
import type { CheckResult, CommandRun, OnceKey, VerifiedTask, VerifyCheck, VerifyReport } from './types';

export interface VerifyOptions {
  /** The spec's directory inside the task's worktree: task files and commands are relative to it. */
  cwd: string;
  /** Resolved commands (see `resolveVerifyCommands`). */
  commands: readonly string[];
  /** Per command (default 10 minutes). */
  timeoutMs?: number;
  /** Output kept per command, head and tail (default 20,000 characters). */
  maxOutputChars?: number;
  runner?: CommandRunner;
  /** The environment commands start from, minus its secrets (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Further checks, run after the commands. */
  checks?: readonly VerifyCheck[];
}

export const DEFAULT_VERIFY_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_MAX_OUTPUT_CHARS = 20_000;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function describeRun(run: CommandRun): string {
  if (run.timedOut) return `\`${run.command}\` timed out after ${seconds(run.durationMs)}`;
  if (run.exitCode === 0) return `\`${run.command}\` passed in ${seconds(run.durationMs)}`;
  const how = run.exitCode === null ? `was ended by ${run.signal ?? 'an error'}` : `exited with code ${run.exitCode}`;
  return `\`${run.command}\` ${how} after ${seconds(run.durationMs)}`;
}

function summarize(report: Omit<VerifyReport, 'summary' | 'ok'>, ok: boolean): string {
  if (ok) {
    const n = report.commands.length;
    return n === 0 ? 'verified: files present, no verify commands' : `verified: ${n} command${n === 1 ? '' : 's'} passed`;
  }
  const problems: string[] = [];
  if (report.missingFiles.length > 0) problems.push(`missing ${report.missingFiles.join(', ')}`);
  if (report.emptyFiles.length > 0) problems.push(`empty ${report.emptyFiles.join(', ')}`);
  for (const run of report.commands) if (run.exitCode !== 0 || run.timedOut) problems.push(describeRun(run));
  for (const check of report.checks) if (!check.ok) problems.push(`${check.name}: ${check.message}`);
  return `failed: ${problems.join('; ')}`;
}

/**
 * Checks a task's work in its worktree: every task file exists and has content, every verify
 * command passes (run one after another in a shell in `cwd`, with secrets removed from its
 * environment and scrubbed from its output), and every extra check agrees. All of them run even
 * after a failure, so the agent hears about everything at once.
 */
export async function runVerification(task: VerifiedTask, options: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const baseEnv = options.env ?? process.env;
  const runner = options.runner ?? shellRunner;
  const missingFiles: string[] = [];
  const emptyFiles: string[] = [];
  for (const file of task.files) {
    const state = await fileState(options.cwd, file);
    if (state === 'missing') missingFiles.push(file);
    if (state === 'empty') emptyFiles.push(file);
  }
  const commands: CommandRun[] = [];
  for (const command of options.commands) {
    const run = await runner.run(command, {
      cwd: options.cwd,
      env: scrubEnv(baseEnv),
      timeoutMs: options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS,
      maxOutputChars: options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS,
    });
    commands.push({ ...run, output: scrubSecrets(run.output, baseEnv) });
  }
  const checks: CheckResult[] = [];
  const shared = new Map<OnceKey<unknown>, Promise<unknown>>();
  const once = <T>(key: OnceKey<T>, compute: () => Promise<T>): Promise<T> => {
    if (!shared.has(key)) shared.set(key, compute());
    return shared.get(key) as Promise<T>;
  };
  for (const check of options.checks ?? []) {
    const result = await check.run({ task, cwd: options.cwd, once }).catch(
      (err: unknown): CheckResult => ({ name: check.name, ok: false, message: `check crashed: ${err instanceof Error ? err.message : String(err)}` }),
    );
    checks.push({ ...result, message: scrubSecrets(result.message, baseEnv) });
  }
  const partial = { missingFiles, emptyFiles, commands, checks, durationMs: Date.now() - started };
  const ok =
    missingFiles.length === 0 &&
    emptyFiles.length === 0 &&
    commands.every((c) => c.exitCode === 0 && !c.timedOut) &&
    checks.every((c) => c.ok);
  return { ok, ...partial, summary: summarize(partial, ok) };
}
