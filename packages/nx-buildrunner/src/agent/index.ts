/** Agents: one interface (types.ts), four backends, the price table. See docs/agents.md. */
export type * from './types';
export { AnthropicBackend, type AnthropicBackendOptions, DEFAULT_MODEL } from './anthropic/backend';
export { ClaudeCodeBackend, type ClaudeCodeOptions } from './claude-code';
export { CommandBackend, type CommandAgentOptions } from './command';
export { OfflineBackend, type OfflineAgentOptions } from './offline';
export { createAgent } from './create';
export { type AgentKind, type AgentOptions, parseAgentOptions } from './options';
export { type Cost, costOf, DEFAULT_PRICES, type ModelPrice, type PriceTable, priceOf, type TokenUsage } from './cost';
export { totalCost } from './usage';
export { TOOL_LIMITS } from './tools/limits';
