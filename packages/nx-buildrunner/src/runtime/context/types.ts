import type { Task } from '../../plan/types';
import type { Requirement } from '../../spec/types';

/** The seed's budget: the context a prompt carries besides the stable system part. */
export const DEFAULT_CONTEXT_BUDGET = 4_000;

/** What a finished dependency left behind, as its result records it. */
export interface DependencyOutput {
  taskId: string;
  title: string;
  /** Worktree-relative POSIX paths the dependency's commit changed. */
  files: string[];
  /** The agent's final words about what it did. */
  summary: string;
  commit?: string;
}

export interface ContextInput {
  /** Its source line is not needed: executors get tasks without one (see TaskDefinition). */
  task: Omit<Task, 'line'>;
  /** Where the spec lives inside the worktree (POSIX, `.` for the root); task files are relative to it. */
  specDir: string;
  dependencies: readonly DependencyOutput[];
  /** The requirements the task covers, with their text; ids alone are shown when absent. */
  requirements?: readonly Requirement[];
  /** Resolved commands (the task's, the plugin's defaults or the workspace's test target). */
  verifyCommands: readonly string[];
  /** Tokens for everything the context holds, the task included (default 4,000). */
  budget?: number;
  /** Secret values to keep out of the context (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

export type SectionKind = 'task' | 'file' | 'dependency' | 'neighbour';

export interface ContextSection {
  kind: SectionKind;
  /** Worktree-relative path of the file shown (a dependency's section has its task id instead). */
  path?: string;
  taskId?: string;
  /** Markdown, ready for the prompt. */
  text: string;
  /** Estimated tokens of `text`. */
  tokens: number;
  /** Why it was chosen: `file the task changes`, `imported by src/a.ts`, … */
  reason: string;
  /** Set when only part of the source is shown, saying which part. */
  trimmed?: string;
}

export interface ContextCut {
  kind: SectionKind;
  path?: string;
  taskId?: string;
  reason: string;
}

export interface Context {
  taskId: string;
  budget: number;
  /** Estimated tokens of all sections. */
  tokens: number;
  /** In prompt order: the task first, then files to change, dependencies, neighbours. */
  sections: ContextSection[];
  cut: ContextCut[];
}
