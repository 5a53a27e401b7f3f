import { createHash } from 'node:crypto';
import type { Task } from '../plan/types';

/**
 * Per task, a hash of every task it depends on, transitively: each dependency's own hash (the
 * task's and its feature section's) and its dependency hash, a Merkle hash over the DAG. Nx
 * hashes a target's options, and nothing else carries an upstream edit downstream when upstream
 * targets have no outputs (`br-verify`), so this is what makes editing one feature rerun its
 * dependents, and only them.
 */
export function dependencyHashes(tasks: readonly Task[], featureHashes: ReadonlyMap<string, string>): Map<string, string> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const done = new Map<string, string>();
  const open = new Set<string>();

  const hashOf = (task: Task): string => {
    const parts = [...new Set(task.dependsOn)]
      .filter((id) => byId.has(id))
      .sort()
      .map((id) => {
        const dependency = byId.get(id) as Task;
        return `${id}:${dependency.hash}:${featureHashes.get(dependency.featureId) ?? ''}:${done.get(id) ?? ''}`;
      });
    return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
  };

  // Iterative post-order: a chain of thousands of tasks must not overflow the stack.
  for (const root of tasks) {
    const stack: Array<[Task, boolean]> = [[root, false]];
    while (stack.length > 0) {
      const [task, expanded] = stack.pop() as [Task, boolean];
      if (done.has(task.id)) continue;
      if (expanded) {
        done.set(task.id, hashOf(task));
        open.delete(task.id);
        continue;
      }
      // A cycle never reaches here from a valid plan; `open` keeps a broken one from looping.
      if (open.has(task.id)) continue;
      open.add(task.id);
      stack.push([task, true]);
      for (const id of task.dependsOn) {
        const dependency = byId.get(id);
        if (dependency && !done.has(id) && !open.has(id)) stack.push([dependency, false]);
      }
    }
  }
  return done;
}
