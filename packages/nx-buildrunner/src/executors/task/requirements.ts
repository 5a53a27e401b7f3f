import { readFile } from 'node:fs/promises';
import type { Task } from '../../plan/types';
import { requirementsFor } from '../../runtime/context/task-section';
import { parseSpec } from '../../spec';
import type { Requirement } from '../../spec/types';

/**
 * The text of the requirements a task covers, read from its spec (the target options carry only
 * their ids). Undefined when the spec cannot be read: the prompt then shows the ids.
 */
export async function specRequirements(file: string, spec: string, task: Pick<Task, 'requirements'>): Promise<Requirement[] | undefined> {
  if (task.requirements.length === 0) return [];
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  return requirementsFor(task, parseSpec(source, spec).features);
}
