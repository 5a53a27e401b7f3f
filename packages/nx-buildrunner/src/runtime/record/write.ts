import { mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Prompt } from '../../agent/types';
import type { DependencyOutput } from '../context/types';
import { renderPromptFile } from '../prompt/render';
import { scrubDeep, scrubSecrets } from '../secrets';
import { writeFileAtomic } from './atomic';
import { PROMPT_FILE, RESULT_FILE, TASK_STATUSES, type TaskResult } from './types';

export interface WriteOptions {
  /** The prompt of each attempt, in order; saved as `prompt.md`. */
  prompts?: readonly Prompt[];
  /** Secret values to keep out of what is written (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

export interface WrittenResult {
  resultPath: string;
  promptPath?: string;
}

/**
 * `result.json` (and `prompt.md` when prompts are given) in the task's output directory,
 * each written atomically, every string scrubbed of secrets first.
 */
export async function writeTaskResult(outputDir: string, result: TaskResult, options: WriteOptions = {}): Promise<WrittenResult> {
  const env = options.env ?? process.env;
  await mkdir(outputDir, { recursive: true });
  const written: WrittenResult = { resultPath: path.join(outputDir, RESULT_FILE) };
  if (options.prompts !== undefined && options.prompts.length > 0) {
    const text = options.prompts
      .map((prompt, i) => renderPromptFile(prompt, `Task ${result.taskId}, attempt ${i + 1}`))
      .join('\n---\n\n');
    written.promptPath = path.join(outputDir, PROMPT_FILE);
    await writeFileAtomic(written.promptPath, scrubSecrets(text, env));
  }
  // The result goes last: its presence says the task's outputs are complete.
  await writeFileAtomic(written.resultPath, `${JSON.stringify(scrubDeep(result, env), null, 2)}\n`);
  return written;
}

export type ReadResult = { ok: true; result: TaskResult } | { ok: false; error: string };

/** A task's `result.json`, checked enough to trust its shape; errors name the file. */
export async function readTaskResult(outputDir: string): Promise<ReadResult> {
  const file = path.join(outputDir, RESULT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, error: `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${file}: not JSON (${(err as Error).message})` };
  }
  const v = value as Partial<TaskResult> | null;
  if (v === null || typeof v !== 'object' || v.version !== 1) return { ok: false, error: `${file}: not a version 1 task result` };
  if (typeof v.taskId !== 'string' || typeof v.title !== 'string' || !TASK_STATUSES.includes(v.status as TaskResult['status'])) {
    return { ok: false, error: `${file}: missing taskId, title or a valid status` };
  }
  if (!Array.isArray(v.attempts) || !Array.isArray(v.files) || typeof v.usage !== 'object') {
    return { ok: false, error: `${file}: missing attempts, files or usage` };
  }
  return { ok: true, result: v as TaskResult };
}

/** What a merged task offers its dependents' context: its files, its agent's last words, its commit. */
export function dependencyOutput(result: TaskResult): DependencyOutput {
  const last = result.attempts[result.attempts.length - 1];
  const out: DependencyOutput = { taskId: result.taskId, title: result.title, files: [...result.files], summary: last?.agent.summary ?? '' };
  const commit = result.commit ?? result.integrationCommit;
  if (commit !== undefined) out.commit = commit;
  return out;
}
