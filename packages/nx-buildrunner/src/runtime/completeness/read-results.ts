import type { Plan } from '../../plan/types';
import { taskOutputDir } from '../../plugin/paths';
import type { TaskResult } from '../record/types';
import { readTaskResult } from '../record/write';

export interface TraceResults {
  results: Map<string, TaskResult>;
  /** Results that exist but cannot be used, each naming its file; a task without one is simply pending. */
  problems: string[];
}

/** Every task's `result.json` for a spec, where the task executor writes them. */
export async function readTraceResults(workspaceRoot: string, spec: string, plan: Pick<Plan, 'tasks'>): Promise<TraceResults> {
  const results = new Map<string, TaskResult>();
  const problems: string[] = [];
  const read = await Promise.all(plan.tasks.map(async (t) => [t.id, await readTaskResult(taskOutputDir(workspaceRoot, spec, t.id))] as const));
  for (const [id, r] of read) {
    if (r.ok) results.set(id, r.result);
    else if (!/cannot read \(ENOENT\)/.test(r.error)) problems.push(r.error);
  }
  return { results, problems };
}
