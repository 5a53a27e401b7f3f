import {
  DEFAULT_ATTEMPT_PATTERN,
  DEFAULT_TASK_PATTERN,
  type FakeAnthropic,
  type Scenario,
  startFakeAnthropic,
} from '../fake-anthropic';
import { AnthropicBackend, DEFAULT_MODEL } from './anthropic/backend';
import type { PriceTable } from './cost';
import type { AgentBackend, AgentRequest, AgentResult } from './types';

export interface OfflineAgentOptions {
  /** What the fake model does, per task: a scenario object or a YAML/JSON scenario file. */
  scenario: Scenario | string;
  /** The model name sent (and priced): fake usage at real prices makes cost reports meaningful. */
  model?: string;
  prices?: PriceTable;
}

/** Not a credential: the fake server wants some key, and this one opens nothing else. */
const OFFLINE_KEY = 'offline-fake-anthropic';
/** Loopback faults need no real backoff. */
const OFFLINE_RETRY_DELAY_MS = 10;

/**
 * The real `anthropic` backend, tools and all, talking to the in-process fake Anthropic server
 * instead of Claude: for the demo, tests and CI. A server is started for each run and closed when
 * the run ends, so nothing is left listening. The fake finds the task and attempt from the
 * `Task:` and `Attempt:` lines of the prompt; they are added when the prompt lacks them.
 */
export class OfflineBackend implements AgentBackend {
  readonly name = 'offline';

  constructor(private readonly options: OfflineAgentOptions) {}

  async run(request: AgentRequest): Promise<AgentResult> {
    let server: FakeAnthropic;
    try {
      server = await startFakeAnthropic({ scenario: this.options.scenario });
    } catch (error) {
      return { status: 'failed', summary: '', calls: [], filesWritten: [], error: `offline agent: ${(error as Error).message}` };
    }
    try {
      const backend = new AnthropicBackend({
        apiKey: OFFLINE_KEY,
        baseURL: server.url,
        model: this.options.model ?? DEFAULT_MODEL,
        retryDelayMs: OFFLINE_RETRY_DELAY_MS,
        ...(this.options.prices ? { prices: this.options.prices } : {}),
      });
      return await backend.run({ ...request, prompt: { ...request.prompt, user: withMarkers(request) } });
    } finally {
      await server.close();
    }
  }
}

function withMarkers(request: AgentRequest): string {
  const { user } = request.prompt;
  const lines: string[] = [];
  if (!DEFAULT_TASK_PATTERN.test(user)) lines.push(`Task: ${request.taskId}`);
  if (!DEFAULT_ATTEMPT_PATTERN.test(user)) lines.push(`Attempt: ${request.attempt}`);
  return lines.length === 0 ? user : `${lines.join('\n')}\n\n${user}`;
}
