import * as path from 'node:path';
import { type AgentOptions, parseAgentOptions } from '../../agent/options';

export type AgentChoice = { ok: true; options: AgentOptions } | { ok: false; message: string };

export const NO_AGENT_MESSAGE = [
  'No agent is configured and ANTHROPIC_API_KEY is not set.',
  'Either set ANTHROPIC_API_KEY to have Claude carry out tasks through the Anthropic API,',
  'or set the "agent" option of the nx-buildrunner plugin in nx.json, for example',
  '{ "kind": "claude-code" } for the Claude Code CLI, { "kind": "command", "command": "..." } for another program,',
  'or { "kind": "offline", "scenario": "scenario.yaml" } for the offline agent that plays a script (see docs/agents.md).',
].join('\n');

/**
 * The agent the options name; without any, Claude through the API when a credential is there.
 * A scenario file of the offline agent is relative to the workspace, like every path in nx.json.
 */
export function chooseAgent(raw: unknown, env: NodeJS.ProcessEnv, workspaceRoot: string): AgentChoice {
  if (raw === undefined) {
    if (env['ANTHROPIC_API_KEY'] || env['ANTHROPIC_AUTH_TOKEN']) return { ok: true, options: { kind: 'anthropic' } };
    return { ok: false, message: NO_AGENT_MESSAGE };
  }
  const parsed = parseAgentOptions(raw);
  if (!parsed.ok) return { ok: false, message: `Invalid agent options:\n${parsed.errors.map((e) => `- ${e}`).join('\n')}` };
  const options = parsed.options;
  if (options.kind === 'offline' && typeof options.scenario === 'string' && !path.isAbsolute(options.scenario)) {
    return { ok: true, options: { ...options, scenario: path.resolve(workspaceRoot, options.scenario) } };
  }
  return { ok: true, options };
}
