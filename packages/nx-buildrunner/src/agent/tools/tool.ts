import type { Sandbox } from './paths';

/** The JSON-schema description the model sees (the Messages API `tools` entry). */
export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: {
    type: 'object';
    properties: Record<string, { type: string; description: string }>;
    required: string[];
  };
}

/** A tool's answer. Failures are answers too: the model reads them and tries something else. */
export interface ToolOutcome {
  output: string;
  isError: boolean;
  /** Worktree-relative path the tool acted on, for progress events. */
  path?: string;
}

export interface ToolContext {
  sandbox: Sandbox;
  commandTimeoutMs: number;
  signal?: AbortSignal;
  /** Called with the worktree-relative path of every file a tool wrote. */
  wrote(rel: string): void;
}

export interface Tool {
  definition: ToolDefinition;
  run(input: unknown, context: ToolContext): Promise<ToolOutcome>;
}

export function failure(output: string, path?: string): ToolOutcome {
  return path === undefined ? { output, isError: true } : { output, isError: true, path };
}
