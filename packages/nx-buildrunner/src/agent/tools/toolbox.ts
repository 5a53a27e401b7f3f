import { createFile } from './create-file';
import { listFiles } from './list-files';
import { openSandbox, type Sandbox } from './paths';
import { runCommand } from './run-command';
import { search } from './search';
import { strReplace } from './str-replace';
import type { Tool, ToolDefinition, ToolOutcome } from './tool';
import { viewFile } from './view-file';

/** Every tool the model gets, in the order it sees them. */
export const TOOLS: readonly Tool[] = [viewFile, listFiles, search, createFile, strReplace, runCommand];

export interface Toolbox {
  readonly definitions: readonly ToolDefinition[];
  /** Runs one tool call; never throws: every failure comes back as an error outcome. */
  run(name: string, input: unknown): Promise<ToolOutcome & { name: string }>;
  /** Worktree-relative paths written so far, first write first, each once. */
  filesWritten(): string[];
}

export interface ToolboxOptions {
  worktree: string;
  commandTimeoutMs: number;
  signal?: AbortSignal;
}

export async function openToolbox(options: ToolboxOptions): Promise<Toolbox> {
  const sandbox: Sandbox = await openSandbox(options.worktree);
  const written = new Set<string>();
  const byName = new Map(TOOLS.map((tool) => [tool.definition.name, tool]));
  return {
    definitions: TOOLS.map((tool) => tool.definition),
    async run(name, input) {
      const tool = byName.get(name);
      if (!tool) return { name, output: `unknown tool "${name}"; the tools are ${[...byName.keys()].join(', ')}`, isError: true };
      try {
        const outcome = await tool.run(input, {
          sandbox,
          commandTimeoutMs: options.commandTimeoutMs,
          ...(options.signal ? { signal: options.signal } : {}),
          wrote: (rel) => written.add(rel),
        });
        return { name, ...outcome };
      } catch (error) {
        // A bug or an unexpected filesystem state in one tool must not end the whole task.
        return { name, output: `${name} failed: ${error instanceof Error ? error.message : String(error)}`, isError: true };
      }
    },
    filesWritten: () => [...written],
  };
}
