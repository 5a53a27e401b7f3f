import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Prompt } from '../../agent/types';
import { RUNTIME_DIR, specKey } from '../../plugin/paths';
import type { Context } from '../context/types';
import type { TaskWorktree } from '../git/worktree';
import { writeFileAtomic } from '../record/atomic';
import type { AttemptInput } from '../record/build';
import { scrubDeep } from '../secrets';

export const DELIVERY_VERSION = 1;

/**
 * Written when a task's work has passed verification, removed once its result is recorded. A
 * process killed in between (while committing, merging, or recording) leaves it behind, and the
 * next run of the task finishes the delivery from it instead of paying the agent again: the
 * verified worktree is committed and merged, or, when the merge had already gone through, the
 * result is recorded from the commit on the integration branch.
 */
export interface DeliveryCheckpoint {
  version: typeof DELIVERY_VERSION;
  taskId: string;
  taskHash: string;
  featureHash?: string;
  dependencyHash?: string;
  integration: string;
  worktree: TaskWorktree;
  /** The spec's folder inside the worktree, POSIX. */
  specDir: string;
  attempts: AttemptInput[];
  prompts: Prompt[];
  context?: Context;
  promptTokens?: number;
  spentUsd: number;
  timings: { worktreeMs?: number; contextMs: number; agentMs: number; verifyMs: number };
}

/** Which task, for which definition: a checkpoint of an older definition is not resumed. */
export interface DeliveryKey {
  taskId: string;
  taskHash: string;
  featureHash?: string;
  dependencyHash?: string;
}

const DELIVERY_DIR = 'delivery';

export function deliveriesDir(workspaceRoot: string): string {
  return path.join(workspaceRoot, RUNTIME_DIR, 'state', DELIVERY_DIR);
}

export function deliveryPath(workspaceRoot: string, spec: string, taskId: string): string {
  return path.join(deliveriesDir(workspaceRoot), ...specKey(workspaceRoot, spec).split('/'), `${taskId}.json`);
}

export async function saveDelivery(file: string, checkpoint: DeliveryCheckpoint, env: NodeJS.ProcessEnv): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(scrubDeep(checkpoint, env))}\n`);
}

/** The checkpoint for exactly this definition of the task, if one was left. */
export async function loadDelivery(file: string, key: DeliveryKey): Promise<DeliveryCheckpoint | undefined> {
  let parsed: Partial<DeliveryCheckpoint>;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<DeliveryCheckpoint>;
  } catch {
    return undefined;
  }
  const same =
    parsed.version === DELIVERY_VERSION &&
    parsed.taskId === key.taskId &&
    parsed.taskHash === key.taskHash &&
    parsed.featureHash === key.featureHash &&
    parsed.dependencyHash === key.dependencyHash &&
    typeof parsed.worktree?.path === 'string' &&
    typeof parsed.worktree.base === 'string' &&
    Array.isArray(parsed.attempts);
  return same ? (parsed as DeliveryCheckpoint) : undefined;
}

export async function clearDelivery(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}

/** Ids of tasks with a delivery waiting: recovery must leave their worktrees alone. */
export async function pendingDeliveries(workspaceRoot: string): Promise<Set<string>> {
  const found = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory()) await walk(path.join(dir, e.name));
      else if (e.name.endsWith('.json')) found.add(e.name.slice(0, -'.json'.length));
    }
  };
  await walk(deliveriesDir(workspaceRoot));
  return found;
}
