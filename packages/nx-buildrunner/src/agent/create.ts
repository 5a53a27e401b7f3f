import { AnthropicBackend } from './anthropic/backend';
import { ClaudeCodeBackend } from './claude-code';
import { CommandBackend } from './command';
import { OfflineBackend } from './offline';
import type { AgentOptions } from './options';
import type { AgentBackend } from './types';

/** The backend the options name. Constructing one does no I/O; problems surface from run(). */
export function createAgent(options: AgentOptions): AgentBackend {
  switch (options.kind) {
    case 'anthropic': {
      const { kind: _, ...rest } = options;
      return new AnthropicBackend(rest);
    }
    case 'claude-code': {
      const { kind: _, ...rest } = options;
      return new ClaudeCodeBackend(rest);
    }
    case 'command': {
      const { kind: _, ...rest } = options;
      return new CommandBackend(rest);
    }
    case 'offline': {
      const { kind: _, ...rest } = options;
      return new OfflineBackend(rest);
    }
  }
}
