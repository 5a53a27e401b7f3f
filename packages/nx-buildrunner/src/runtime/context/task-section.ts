import type { Task } from '../../plan/types';
import type { Feature, Requirement } from '../../spec/types';

/** The requirements a task covers, with their text, from the plan's features. */
export function requirementsFor(task: Pick<Task, 'requirements'>, features: readonly Feature[]): Requirement[] {
  const wanted = new Set(task.requirements);
  return features.flatMap((f) => f.requirements.filter((r) => wanted.has(r.id)));
}

export interface TaskSectionInput {
  task: Omit<Task, 'line'>;
  specDir: string;
  requirements?: readonly Requirement[];
  verifyCommands: readonly string[];
  /** Worktree-relative path of each task file, and whether it exists yet. */
  files: readonly { path: string; exists: boolean }[];
}

/** The task as the agent reads it: what to build, how it is judged, where, and how it is checked. */
export function renderTaskSection(input: TaskSectionInput): string {
  const { task } = input;
  const out: string[] = [`# ${task.title}`];
  if (task.description.trim() !== '') out.push('', task.description.trim());
  if (task.requirements.length > 0) {
    const byId = new Map((input.requirements ?? []).map((r) => [r.id, r.text]));
    out.push('', '## Requirements');
    for (const id of task.requirements) out.push(`- ${byId.get(id) ?? id}`);
  }
  if (task.acceptance.length > 0) {
    out.push('', '## Acceptance criteria (all must hold)');
    for (const criterion of task.acceptance) out.push(`- [ ] ${criterion}`);
  }
  if (input.files.length > 0) {
    out.push('', '## Files to create or change');
    for (const f of input.files) out.push(`- \`${f.path}\` (${f.exists ? 'exists' : 'new'})`);
  }
  const where = input.specDir === '.' ? 'the worktree root' : `\`${input.specDir}/\``;
  out.push('', `## Verify commands (run in ${where})`);
  if (input.verifyCommands.length === 0) out.push('- none declared: run the project tests that cover your change');
  for (const command of input.verifyCommands) out.push(`- \`${command}\``);
  return out.join('\n');
}
