import type { Task } from '../../plan/types';

export type VerifySource = 'task' | 'plugin' | 'workspace' | 'none';

/**
 * Which commands verify a task: its own (from the spec's `**Verify:**`), else the plugin's
 * default commands, else the workspace's own test target.
 */
export function resolveVerifyCommands(
  task: Pick<Task, 'verify'>,
  defaults: { plugin?: readonly string[]; workspace?: string } = {},
): { commands: string[]; source: VerifySource } {
  if (task.verify.length > 0) return { commands: [...task.verify], source: 'task' };
  if (defaults.plugin !== undefined && defaults.plugin.length > 0) return { commands: [...defaults.plugin], source: 'plugin' };
  if (defaults.workspace !== undefined && defaults.workspace.trim() !== '') return { commands: [defaults.workspace], source: 'workspace' };
  return { commands: [], source: 'none' };
}
