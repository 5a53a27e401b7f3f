import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach } from 'vitest';
import { AnthropicBackend } from '../../../agent/anthropic/backend';
import type { AgentBackend } from '../../../agent/types';
import { type FakeAnthropic, type Scenario, startFakeAnthropic } from '../../../fake-anthropic';
import type { TaskDefinition } from '../../../plugin/target-options';
import { makeTempRepo, type TempRepo } from '../../../runtime/git/__fixtures__/temp-repo';
import { taskOutputDir } from '../../../plugin/paths';
import type { OpenRepoResult } from '../../../runtime/git/repo';
import type { TaskResult } from '../../../runtime/record/types';
import type { TaskRunDeps } from '../types';

/** Recognisable, shaped like a real key, and never valid anywhere. */
export const FAKE_KEY = 'sk-ant-' + 'api03-TESTKEY-7f3c9a1e5b2d4c6e8a0b1c3d5e7f9a1b';
export const SPEC = 'app/PROJECT_SPEC.md';
export const INTEGRATION = 'br/integration';
export const FIXTURES = __dirname;

/**
 * What a test starts here is closed and removed after that test, whatever it asserted: every
 * test file of the executor shares this one teardown instead of repeating it.
 */
const started: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of started.splice(0).reverse()) await stop();
});

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** A task as the plugin would pass it; files and commands are relative to `app/`. */
export function makeTask(id: string, overrides: Partial<TaskDefinition> = {}): TaskDefinition {
  return {
    id,
    featureId: id,
    title: `Task ${id}`,
    description: `Carry out ${id}.`,
    domain: 'backend',
    complexity: 'simple',
    estimateMinutes: 60,
    priority: 'high',
    files: [],
    acceptance: [`${id} is done`],
    requirements: [],
    dependsOn: [],
    verify: [],
    hash: `hash-${id}`,
    ...overrides,
  };
}

export interface Workspace {
  repo: TempRepo;
  dir: string;
  /** The integration branch's tip, undefined before it exists. */
  tip(): string | undefined;
  /** A file's text on the integration branch. */
  show(rel: string): string;
  outputDir(taskId: string): string;
  result(taskId: string): TaskResult;
  output(taskId: string, file: string): string | undefined;
  worktree(taskId: string): string;
  /** The repository as the runtime opens it, with hermetic git settings. */
  openRepo(): Promise<OpenRepoResult>;
  /** Deps for runTask: hermetic git, logs collected in `logs`. */
  deps(agent: AgentBackend): TaskRunDeps;
  logs: string[];
}

export async function makeWorkspace(files?: Record<string, string>): Promise<Workspace> {
  const repo = await makeTempRepo(files);
  started.push(() => repo.cleanup());
  const logs: string[] = [];
  const dir = repo.dir;
  const openRepo = async (): Promise<OpenRepoResult> => ({ ok: true, repo: await repo.open() });
  return {
    repo,
    dir,
    logs,
    tip: () => {
      try {
        return repo.git(['rev-parse', '--verify', '-q', `refs/heads/${INTEGRATION}`]);
      } catch {
        return undefined;
      }
    },
    show: (rel) => repo.git(['show', `${INTEGRATION}:${rel}`]),
    outputDir: (taskId) => taskOutputDir(dir, SPEC, taskId),
    result: (taskId) => JSON.parse(readFileSync(path.join(taskOutputDir(dir, SPEC, taskId), 'result.json'), 'utf8')) as TaskResult,
    output: (taskId, file) => {
      const p = path.join(taskOutputDir(dir, SPEC, taskId), file);
      return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
    },
    worktree: (taskId) => path.join(dir, '.buildrunner', 'worktrees', taskId),
    openRepo,
    deps: (agent) => ({ agent, openRepo, log: (line) => logs.push(line) }),
  };
}

export interface Api {
  server: FakeAnthropic;
  agent: AgentBackend;
  /** Bodies of the messages requests, as JSON text, in order. */
  bodies(): string[];
}

/** The fake server with the real SDK talking to it through the anthropic backend. */
export async function startApi(scenario: Scenario | string, apiKey = FAKE_KEY): Promise<Api> {
  const server = await startFakeAnthropic({ scenario });
  started.push(() => server.close());
  const agent = new AnthropicBackend({ apiKey, baseURL: server.url, model: 'claude-sonnet-4-6', maxRetries: 3, retryDelayMs: 5 });
  return {
    server,
    agent,
    bodies: () => server.requests.filter((r) => r.path === '/v1/messages').map((r) => JSON.stringify(r.body)),
  };
}

/** An agent that waits for `gate` before each run and reports when it was first called. */
export function gatedAgent(inner: AgentBackend, gate: Promise<unknown>, onCall: () => void = () => undefined): AgentBackend {
  return {
    name: inner.name,
    async run(request) {
      onCall();
      await gate;
      return inner.run(request);
    },
  };
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
