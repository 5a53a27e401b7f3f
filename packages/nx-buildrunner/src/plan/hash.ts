import { createHash } from 'node:crypto';
import type { DraftTask } from './decompose';

/**
 * sha256 of everything that defines the task's work, as JSON with its keys in sorted order (the
 * `Record` type makes a field added to `Task` fail to compile until it is hashed here too). Not
 * its line: an edit above a feature moves it without changing what it asks for, and must not
 * make Nx redo it.
 */
export function taskHash(task: DraftTask): string {
  const definition: Record<Exclude<keyof DraftTask, 'line'>, unknown> = {
    acceptance: task.acceptance,
    complexity: task.complexity,
    dependsOn: task.dependsOn,
    description: task.description,
    domain: task.domain,
    estimateMinutes: task.estimateMinutes,
    featureId: task.featureId,
    files: task.files,
    id: task.id,
    priority: task.priority,
    requirements: task.requirements,
    title: task.title,
    verify: task.verify,
  };
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);
}
