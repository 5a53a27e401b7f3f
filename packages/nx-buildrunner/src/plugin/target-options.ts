import type { Task } from '../plan/types';
import type { JsonObject, VerificationSettings } from './options';

/**
 * The options the plugin writes into each task's targets: the contract with the executors, and
 * what Nx hashes for the task (Nx hashes a project's target options, not its metadata).
 */

/** A task as Nx hashes it: all of it except its line, since moving a feature must not redo it. */
export type TaskDefinition = Omit<Task, 'line'>;

interface TaskTargetBase {
  /** Workspace-relative path of the spec; the task's files and commands are relative to its folder. */
  spec: string;
  task: TaskDefinition;
  /**
   * Hash of what the task's feature asks for (see `feature-hash.ts`): rewording a requirement
   * changes no field of the task, yet the prompt quotes it, so the task runs again.
   */
  featureHash: string;
  /** Hash of every task this one depends on, transitively: an upstream edit reruns this task. */
  dependencyHash: string;
}

/** Options of the `task` executor (target `br-task`). */
export interface TaskTargetOptions extends TaskTargetBase {
  agent?: JsonObject;
  verification?: VerificationSettings;
  integrationBranch?: string;
}

/** Options of the `verify` executor (target `br-verify`). */
export interface VerifyTargetOptions extends TaskTargetBase {
  /** Time limit of one verify command, in milliseconds. */
  timeoutMs?: number;
}

export function taskDefinition(task: Task): TaskDefinition {
  const { line: _line, ...definition } = task;
  return definition;
}
