/**
 * A Messages API server on loopback that the real SDK (and the `claude` CLI, through
 * ANTHROPIC_BASE_URL) can talk to: scripted replies, simulated prompt caching, faults on demand,
 * and a log of what clients sent with their keys redacted.
 */
import type { Message } from '@anthropic-ai/sdk/resources/messages';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ApiErrorType, ERROR_STATUS, errorBody } from './api-error';
import { FaultQueue } from './faults';
import { loadScenario } from './load-scenario';
import {
  DEFAULT_ATTEMPT_PATTERN,
  DEFAULT_TASK_PATTERN,
  type LocatePatterns,
  type TurnLocation,
  compilePatterns,
  locateTurn,
} from './locate';
import { PromptCache } from './prompt-cache';
import { buildReply } from './reply';
import { type Endpoint, type MessagesRequest, checkRequest } from './request-shape';
import { type Fault, type FaultKind, type Scenario, ScenarioError, validateFault } from './scenario';
import { scriptedTurn } from './script';
import { breakPoint, formatSse, streamEvents } from './sse';
import { countInputTokens, requestPieces } from './tokens';

export interface FakeAnthropicOptions {
  /** A scenario object, or the path of a YAML/JSON scenario file. */
  scenario?: Scenario | string;
  /** Finds the task id in the first user message; default `/^Task: (\S+)$/m`. */
  taskPattern?: RegExp;
  /** Finds the attempt number in a user message; default `/^Attempt: (\d+)$/m`. */
  attemptPattern?: RegExp;
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface LoggedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** Lower-case names; credentials replaced by `[REDACTED]`. */
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it was not JSON, undefined when empty. */
  body: unknown;
  /** Arrival, in ms since the epoch. */
  time: number;
  /** The `request-id` header of the response. */
  requestId: string;
  /** Where the request stood in its task's script, once the body was understood. */
  location?: TurnLocation;
  fault?: FaultKind;
  /** The status sent; 0 while pending or when the connection was dropped before any. */
  status: number;
}

export interface FakeAnthropic {
  /** The SDK's `baseURL`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every request so far, oldest first. */
  readonly requests: readonly LoggedRequest[];
  /** Replaces the script and re-arms the scenario's faults (dropping injected ones). Throws ScenarioError. */
  setScenario(scenario: Scenario | string): void;
  /** Arms one more fault after those already armed. Throws ScenarioError when it is malformed. */
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Stops listening and cuts every open connection, pending replies included. */
  close(): Promise<void>;
}

const REDACTED_HEADERS = new Set(['authorization', 'x-api-key', 'proxy-authorization']);
const DEFAULT_SLOW_MS = 1000;
const DEFAULT_RETRY_AFTER_MS = 1;

const FAULT_ERRORS: Partial<Record<FaultKind, { type: ApiErrorType; message: string }>> = {
  '429': { type: 'rate_limit_error', message: 'Rate limited (fake fault).' },
  '529': { type: 'overloaded_error', message: 'Overloaded (fake fault).' },
  '500': { type: 'api_error', message: 'Internal server error (fake fault).' },
};
/** Sent as the stream's `error` event, and as a 529 when the request did not stream. */
const STREAM_ERROR = { type: 'overloaded_error', message: 'Overloaded (fake fault, mid-stream).' } as const;

function redactedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = REDACTED_HEADERS.has(name) ? '[REDACTED]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

const ROUTES: Record<string, Endpoint> = { '/v1/messages': 'messages', '/v1/messages/count_tokens': 'count_tokens' };

function write(res: ServerResponse, chunk: string): Promise<void> {
  // Waiting for the flush keeps "send these frames, then cut the line" in that order.
  return new Promise((resolve) => res.write(chunk, () => resolve()));
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const patterns: LocatePatterns = compilePatterns(
    options.taskPattern ?? DEFAULT_TASK_PATTERN,
    options.attemptPattern ?? DEFAULT_ATTEMPT_PATTERN,
  );
  const requests: LoggedRequest[] = [];
  const faults = new FaultQueue();
  const cache = new PromptCache();
  const closing = new AbortController();
  let scenario: Scenario = {};
  let served = 0;

  const setScenario = (next: Scenario | string): void => {
    scenario = loadScenario(next);
    faults.clear();
    for (const fault of scenario.faults ?? []) faults.add(fault);
  };
  setScenario(options.scenario ?? {});

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0]!,
      headers: redactedHeaders(req),
      body: undefined,
      time: Date.now(),
      requestId,
      status: 0,
    };
    requests.push(entry);
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const signal = AbortSignal.any([closing.signal, gone.signal]);

    const sendJson = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...headers });
      res.end(JSON.stringify(body));
    };
    const sendError = (type: ApiErrorType, message: string, headers?: Record<string, string>): void =>
      sendJson(ERROR_STATUS[type], errorBody(type, message), headers);

    const raw = await readBody(req);
    const parsed = parseJson(raw);
    entry.body = parsed.ok ? parsed.value : raw === '' ? undefined : raw;

    const endpoint = req.method === 'POST' ? ROUTES[entry.path] : undefined;
    if (!endpoint) return sendError('not_found_error', `Not found: ${entry.method} ${entry.path}`);
    if (!req.headers['x-api-key'] && !req.headers.authorization) {
      return sendError('authentication_error', 'x-api-key or Authorization header is required');
    }
    if (!parsed.ok) return sendError('invalid_request_error', 'request body is not valid JSON');
    const version = req.headers['anthropic-version'];
    const check = checkRequest(parsed.value, endpoint, Array.isArray(version) ? version[0] : version);
    if (!check.ok) return sendError('invalid_request_error', check.message);
    const request = check.request;
    const streaming = endpoint === 'messages' && request.stream === true;

    const location = locateTurn(request.messages, patterns);
    entry.location = location;
    const fault = faults.take({ ...location, endpoint });
    if (fault) entry.fault = fault.kind;

    const failure = fault && FAULT_ERRORS[fault.kind];
    if (failure) {
      const retryAfter = fault.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
      return sendError(failure.type, failure.message, retryAfter > 0 ? { 'retry-after-ms': String(retryAfter) } : {});
    }
    if (fault?.kind === 'drop' && !streaming) {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'error-event' && !streaming) {
      return sendError(STREAM_ERROR.type, STREAM_ERROR.message);
    }
    const slowMs = fault?.kind === 'slow' ? (fault.delayMs ?? DEFAULT_SLOW_MS) : 0;

    if (endpoint === 'count_tokens') {
      if (slowMs > 0) await sleep(slowMs, undefined, { signal });
      return sendJson(200, { input_tokens: countInputTokens(request) });
    }

    const turn = scriptedTurn(scenario, location);
    const reply = buildReply(turn, {
      id: `msg_fake_${requestId.slice('req_fake_'.length)}`,
      model: request.model,
      location,
      usage: cache.usage(request.model, requestPieces(request)),
      stopSequences: request.stop_sequences,
    });
    const waitMs = (turn.delayMs ?? 0) + slowMs;
    if (waitMs > 0) await sleep(waitMs, undefined, { signal });
    if (!streaming) return sendJson(200, reply);
    await stream(res, entry, reply, fault, signal);
  }

  async function stream(
    res: ServerResponse,
    entry: LoggedRequest,
    reply: Message,
    fault: Fault | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    entry.status = 200;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'request-id': entry.requestId,
    });
    const events = streamEvents(reply);
    const cut = fault?.kind === 'drop' || fault?.kind === 'error-event' ? breakPoint(events) : events.length;
    const frameDelayMs = fault?.kind === 'slow' ? (fault.frameDelayMs ?? 0) : 0;
    for (const event of events.slice(0, cut)) {
      if (frameDelayMs > 0) await sleep(frameDelayMs, undefined, { signal });
      if (signal.aborted) return;
      await write(res, formatSse(event));
    }
    if (fault?.kind === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'error-event') await write(res, formatSse(errorBody(STREAM_ERROR.type, STREAM_ERROR.message)));
    res.end();
  }

  const server = createServer((req, res) => {
    const requestId = `req_fake_${String(++served).padStart(6, '0')}`;
    handle(req, res, requestId).catch((error: unknown) => {
      // A delay cut short by close() or by the client hanging up: nobody is listening any more.
      if (error instanceof Error && error.name === 'AbortError') return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(500, { 'content-type': 'application/json', 'request-id': requestId });
      res.end(JSON.stringify(errorBody('api_error', `fake server failure: ${String(error)}`)));
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    setScenario,
    injectFault(fault: Fault): void {
      const issues = validateFault(fault);
      if (issues.length > 0) throw new ScenarioError('injectFault', issues);
      faults.add(fault);
    },
    clearFaults: () => faults.clear(),
    close(): Promise<void> {
      closed ??= new Promise((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
