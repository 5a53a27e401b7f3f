import type { AnthropicBackendOptions } from './anthropic/backend';
import type { ClaudeCodeOptions } from './claude-code';
import type { CommandAgentOptions } from './command';
import type { OfflineAgentOptions } from './offline';

/**
 * Which agent carries out tasks, as written in nx.json (the plugin's `agent` option) and passed
 * through the executor. Plain JSON: credentials never go here (the anthropic backend reads
 * ANTHROPIC_API_KEY from the environment), and prices come from the bundled table.
 * docs/agents.md describes every field.
 */
export type AgentOptions =
  | ({ kind: 'anthropic' } & Omit<AnthropicBackendOptions, 'apiKey' | 'prices' | 'retryDelayMs'>)
  | ({ kind: 'claude-code' } & Omit<ClaudeCodeOptions, 'prices'>)
  | ({ kind: 'command' } & Omit<CommandAgentOptions, 'prices'>)
  | ({ kind: 'offline' } & Omit<OfflineAgentOptions, 'prices'>);

export type AgentKind = AgentOptions['kind'];

type FieldType = 'string' | 'count' | 'string[]' | 'scenario' | 'prompt-via';

const FIELDS: Record<AgentKind, { required: string[]; fields: Record<string, FieldType> }> = {
  anthropic: { required: [], fields: { model: 'string', baseURL: 'string', maxRetries: 'count', timeoutMs: 'count' } },
  'claude-code': { required: [], fields: { binary: 'string', model: 'string', allowedTools: 'string[]', timeoutMs: 'count' } },
  command: { required: ['command'], fields: { command: 'string', args: 'string[]', promptVia: 'prompt-via', timeoutMs: 'count' } },
  offline: { required: ['scenario'], fields: { scenario: 'scenario', model: 'string' } },
};

const EXPECTED: Record<FieldType, string> = {
  string: 'a string',
  count: 'a whole number >= 0',
  'string[]': 'a list of strings',
  scenario: 'a scenario file path or a scenario object',
  'prompt-via': '"file" or "stdin"',
};

function fits(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value !== '';
    case 'count':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0;
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'scenario':
      return (typeof value === 'string' && value !== '') || (typeof value === 'object' && value !== null && !Array.isArray(value));
    case 'prompt-via':
      return value === 'file' || value === 'stdin';
  }
}

export type ParsedAgentOptions = { ok: true; options: AgentOptions } | { ok: false; errors: string[] };

/** Checks agent options read from nx.json or the command line; every problem is named. */
export function parseAgentOptions(raw: unknown): ParsedAgentOptions {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, errors: ['agent options must be an object'] };
  const record = raw as Record<string, unknown>;
  const kinds = Object.keys(FIELDS);
  const spec = typeof record.kind === 'string' ? FIELDS[record.kind as AgentKind] : undefined;
  if (!spec) return { ok: false, errors: [`agent.kind must be one of ${kinds.map((k) => `"${k}"`).join(', ')}`] };
  const errors: string[] = [];
  for (const name of spec.required) {
    if (record[name] === undefined) errors.push(`agent.${name} is required for kind "${String(record.kind)}"`);
  }
  for (const [name, value] of Object.entries(record)) {
    if (name === 'kind' || value === undefined) continue;
    const type = spec.fields[name];
    if (!type) errors.push(`agent.${name} is not an option of kind "${String(record.kind)}" (options: ${Object.keys(spec.fields).join(', ')})`);
    else if (!fits(value, type)) errors.push(`agent.${name} must be ${EXPECTED[type]}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options: record as unknown as AgentOptions };
}
