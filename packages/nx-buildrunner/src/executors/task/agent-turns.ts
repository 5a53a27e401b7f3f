import type { AgentBackend } from '../../agent/types';

/** The agent, each of whose runs waits for a turn first and gives it back when it ends. */
export function takingTurns(agent: AgentBackend, turn: () => Promise<() => void>): AgentBackend {
  return {
    name: agent.name,
    async run(request) {
      const release = await turn();
      try {
        return await agent.run(request);
      } finally {
        release();
      }
    },
  };
}
