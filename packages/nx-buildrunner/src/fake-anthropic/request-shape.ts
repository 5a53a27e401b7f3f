/**
 * The part of a Messages API request the fake server reads, and the checks that turn a malformed
 * body into the 400 the real API would send, so client bugs show up in tests rather than in
 * production.
 */

export type CacheTtl = '5m' | '1h';

export interface CacheControl {
  type: 'ephemeral';
  ttl?: CacheTtl;
}

export interface ContentBlock extends Record<string, unknown> {
  type: string;
  text?: unknown;
  cache_control?: CacheControl;
}

export interface MessageParam {
  role: 'user' | 'assistant';
  content: string | ContentBlock[];
}

export interface ToolParam extends Record<string, unknown> {
  name: string;
  cache_control?: CacheControl;
}

export interface MessagesRequest {
  model: string;
  max_tokens?: number;
  system?: string | ContentBlock[];
  messages: MessageParam[];
  tools?: ToolParam[];
  stream?: boolean;
  stop_sequences?: string[];
}

export type Endpoint = 'messages' | 'count_tokens';

export type RequestCheck = { ok: true; request: MessagesRequest } | { ok: false; message: string };

/** Sampling knobs the 2026-10-21 API version refuses (see notes/anthropic-facts.md). */
const REFUSED_SINCE_2026_10_21 = ['temperature', 'top_p', 'top_k'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cacheControlProblem(value: unknown, at: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || value.type !== 'ephemeral') return `${at}.cache_control.type: Input should be 'ephemeral'`;
  if (value.ttl !== undefined && value.ttl !== '5m' && value.ttl !== '1h') {
    return `${at}.cache_control.ttl: Input should be '5m' or '1h'`;
  }
  return undefined;
}

function blocksProblem(value: unknown, at: string): string | undefined {
  if (!Array.isArray(value)) return `${at}: Input should be a valid string or list`;
  for (const [i, block] of value.entries()) {
    if (!isRecord(block) || typeof block.type !== 'string') return `${at}.${i}.type: Field required`;
    if (block.type === 'text' && typeof block.text !== 'string') return `${at}.${i}.text: Field required`;
    const cache = cacheControlProblem(block.cache_control, `${at}.${i}`);
    if (cache) return cache;
  }
  return undefined;
}

function messagesProblem(value: unknown): string | undefined {
  if (value === undefined) return 'messages: Field required';
  if (!Array.isArray(value)) return 'messages: Input should be a valid list';
  if (value.length === 0) return 'messages: at least one message is required';
  for (const [i, message] of value.entries()) {
    if (!isRecord(message)) return `messages.${i}: Input should be a valid dictionary`;
    if (message.role !== 'user' && message.role !== 'assistant') {
      return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    }
    if (typeof message.content !== 'string') {
      const problem = blocksProblem(message.content, `messages.${i}.content`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function toolsProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return 'tools: Input should be a valid list';
  for (const [i, tool] of value.entries()) {
    if (!isRecord(tool) || typeof tool.name !== 'string' || tool.name === '') return `tools.${i}.name: Field required`;
    const cache = cacheControlProblem(tool.cache_control, `tools.${i}`);
    if (cache) return cache;
  }
  return undefined;
}

function bodyProblem(body: unknown, endpoint: Endpoint, version: string | undefined): string | undefined {
  if (!isRecord(body)) return 'request body must be a JSON object';
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (endpoint === 'messages') {
    const max = body.max_tokens;
    if (max === undefined) return 'max_tokens: Field required';
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) return 'max_tokens: Input should be a positive integer';
    if (body.stream !== undefined && typeof body.stream !== 'boolean') return 'stream: Input should be a valid boolean';
  }
  if (body.system !== undefined && typeof body.system !== 'string') {
    const problem = blocksProblem(body.system, 'system');
    if (problem) return problem;
  }
  if (
    body.stop_sequences !== undefined &&
    !(Array.isArray(body.stop_sequences) && body.stop_sequences.every((s) => typeof s === 'string'))
  ) {
    return 'stop_sequences: Input should be a list of strings';
  }
  if (version !== undefined && version >= '2026-10-21') {
    const refused = REFUSED_SINCE_2026_10_21.find((key) => body[key] !== undefined);
    if (refused) return `${refused}: not supported with anthropic-version ${version}`;
  }
  return messagesProblem(body.messages) ?? toolsProblem(body.tools);
}

/** `version` is the request's `anthropic-version` header; dates compare as strings. */
export function checkRequest(body: unknown, endpoint: Endpoint, version: string | undefined): RequestCheck {
  const problem = bodyProblem(body, endpoint, version);
  return problem === undefined ? { ok: true, request: body as MessagesRequest } : { ok: false, message: problem };
}
