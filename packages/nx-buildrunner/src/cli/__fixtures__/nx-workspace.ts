import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type FakeAnthropic, type Scenario, startFakeAnthropic } from '../../fake-anthropic';
import { taskOutputDir } from '../../plugin/paths';
import { readJournal } from '../../runtime/journal/read';
import type { JournalEvent } from '../../runtime/journal/types';
import type { TaskResult } from '../../runtime/record/types';
import { isolatedNxEnv } from '../../../test/nx-env';

/**
 * A real Nx workspace in a temp dir with the built plugin registered and Claude played by the
 * fake Anthropic server running in the test process, so the test sees every model call of every
 * Nx task process, across runs. Needs `dist/` (the package's test target builds it first).
 */

export const PACKAGE = resolve(__dirname, '../../..');
const REPO = resolve(PACKAGE, '../..');
export const BR_BIN = join(PACKAGE, 'dist/cli/main.js');
export const SPEC = 'app/PROJECT_SPEC.md';
const FAKE_KEY = 'sk-ant-' + 'api03-FAKEKEY-for-tests-0000000000000000';

export function assertBuilt(): void {
  if (!existsSync(BR_BIN) || !existsSync(join(PACKAGE, 'dist/index.js'))) {
    throw new Error('Build the package first: cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json');
  }
}

/** A task of the test spec: one feature creating one file, checked by one command. */
export interface SpecTask {
  title: string;
  file: string;
  content: string;
  dependsOn?: string[];
  /** Default: load the file with node. */
  verify?: string;
  requirement?: string;
}

export function specText(tasks: readonly SpecTask[]): string {
  const features = tasks.map((t, i) =>
    [
      `### Feature ${i + 1}: ${t.title}`,
      '**Domain:** backend',
      ...(t.dependsOn?.length ? [`**Depends on:** ${t.dependsOn.join(', ')}`] : []),
      '',
      '**Requirements:**',
      `- ${t.requirement ?? `${t.title} exists`}`,
      '',
      '**Implementation:**',
      `- Create \`${t.file}\``,
      '',
      '**Acceptance Criteria:**',
      `- [ ] ${t.title} loads`,
      '',
      '**Verify:**',
      `- \`${t.verify ?? `node -e "require('./${t.file}')"`}\``,
      '',
    ].join('\n'),
  );
  return `# PROJECT_SPEC - Drill\n\n## Features\n\n${features.join('\n')}`;
}

/** Each task writes its file in one turn and then says it is done. */
export function scenarioFor(tasks: readonly (SpecTask & { id: string })[]): Scenario {
  return {
    tasks: Object.fromEntries(
      tasks.map((t) => [
        t.id,
        { attempts: [{ turns: [{ text: `Writing ${t.file}.`, tools: [{ name: 'create_file', input: { path: `app/${t.file}`, content: t.content } }] }, { text: 'Done.' }] }] },
      ]),
    ),
  } as Scenario;
}

export interface NxWorkspace {
  dir: string;
  server: FakeAnthropic;
  env: NodeJS.ProcessEnv;
  write(rel: string, text: string): void;
  git(...args: string[]): string;
  journal(): JournalEvent[];
  result(taskId: string): TaskResult | undefined;
  /** Model calls made for a task, over every run so far. */
  calls(taskId: string): number;
  /** Commits on the integration branch that carry the task (merges aside). */
  taskCommits(taskId: string): string[];
  /** What a clean finish must not leave: task worktrees, run branches, locks, half-written records. */
  leftovers(): string[];
  cleanup(): Promise<void>;
}

export async function makeNxWorkspace(tasks: readonly SpecTask[], scenario: Scenario): Promise<NxWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'br-cli-ws-'));
  const server = await startFakeAnthropic({ scenario });
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  write('package.json', JSON.stringify({ name: 'drill-ws', private: true, devDependencies: { nx: '23.2.1' } }));
  const agent = { kind: 'anthropic', baseURL: server.url, model: 'claude-sonnet-4-6', maxRetries: 0 };
  write('nx.json', JSON.stringify({ plugins: [{ plugin: PACKAGE, options: { specs: '**/PROJECT_SPEC.md', agent, verification: { retries: 0 } } }] }));
  write('.gitignore', 'node_modules\n.nx\n.buildrunner/\n');
  write(SPEC, specText(tasks));
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'start');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? dir,
    ...isolatedNxEnv(dir),
    ANTHROPIC_API_KEY: FAKE_KEY,
  };
  const lines = (text: string) => text.split('\n').filter(Boolean);
  return {
    dir,
    server,
    env,
    write,
    git,
    journal: () => readJournal(join(dir, '.buildrunner/journal.jsonl')).events,
    result: (taskId) => {
      const file = join(taskOutputDir(dir, SPEC, taskId), 'result.json');
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TaskResult) : undefined;
    },
    calls: (taskId) => server.requests.filter((r) => r.path === '/v1/messages' && r.location?.task === taskId).length,
    taskCommits: (taskId) => lines(git('log', '--no-merges', '--format=%H', '--fixed-strings', `--grep=BuildRunner-Task: ${taskId}`, 'br/integration')),
    leftovers: () => {
      const found = [
        ...lines(git('worktree', 'list', '--porcelain'))
          .filter((l) => l.startsWith('worktree '))
          .slice(1),
        ...lines(git('branch', '--list', 'br/task/*', 'br/failed/*')),
      ];
      const state = join(dir, '.buildrunner');
      const locks = join(state, 'locks');
      if (existsSync(locks)) found.push(...readdirSync(locks).map((n) => `lock ${n}`));
      const worktrees = join(state, 'worktrees');
      if (existsSync(worktrees)) found.push(...readdirSync(worktrees).map((n) => `worktree folder ${n}`));
      if (existsSync(state)) found.push(...readdirSync(state).filter((n) => n.endsWith('.tmp')).map((n) => `temp ${n}`));
      return found;
    },
    cleanup: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BrProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** SIGKILL to br and everything in its process group: Nx and the task processes. */
  kill(): Promise<void>;
}

const started = new Set<BrProcess>();

/** Kills every br a test started that is still running (a failed assertion must not leave Nx behind). */
export async function killStartedBr(): Promise<void> {
  await Promise.all([...started].map((b) => b.kill()));
}

/** `br` as a user starts it: its own process (group leader, so a kill takes Nx with it). */
export function spawnBr(ws: NxWorkspace, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}, cwd: string = ws.dir): BrProcess {
  const child = spawn(process.execPath, [BR_BIN, ...args], { cwd, env: { ...ws.env, ...extraEnv }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const br: BrProcess = {
    child,
    output: () => output,
    exited,
    kill: async () => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
    },
  };
  started.add(br);
  void exited.then(() => started.delete(br));
  return br;
}

export async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const stop = Date.now() + ms;
  while (!check()) {
    if (Date.now() > stop) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
