import { mkdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { Prompt } from '../../agent/types';
import { writeFileAtomic } from '../../runtime/record/atomic';
import { buildTaskResult, type TaskResultInput } from '../../runtime/record/build';
import { PATCH_FILE, PROMPT_FILE, RESULT_FILE, type TaskResult } from '../../runtime/record/types';
import { writeTaskResult } from '../../runtime/record/write';
import { redactSecretValues } from './secret-guard';

export interface RecordInput extends TaskResultInput {
  prompts: readonly Prompt[];
  patch?: Buffer;
}

/**
 * Step 7: the task's outputs, which Nx caches and restores: `change.patch`, `prompt.md` and, last,
 * `result.json`, whose presence says the others are complete. Files a previous run left that this
 * one does not produce are removed, so the folder always describes one run.
 */
export async function recordTask(outputDir: string, input: RecordInput, env: NodeJS.ProcessEnv): Promise<TaskResult> {
  const { prompts, patch, ...rest } = input;
  const result = buildTaskResult(rest);
  await mkdir(outputDir, { recursive: true });
  // Until the new result is in place, no reader may pair the old one with new files.
  await rm(path.join(outputDir, RESULT_FILE), { force: true });
  const patchFile = path.join(outputDir, PATCH_FILE);
  if (patch === undefined) await rm(patchFile, { force: true });
  else await writeFileAtomic(patchFile, redactSecretValues(patch, env));
  if (prompts.length === 0) await rm(path.join(outputDir, PROMPT_FILE), { force: true });
  await writeTaskResult(outputDir, result, { prompts, env });
  return result;
}
