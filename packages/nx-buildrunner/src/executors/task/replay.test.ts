import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentBackend } from '../../agent/types';
import { taskOutputDir } from '../../plugin/paths';
import type { TaskDefinition } from '../../plugin/target-options';
import { createGitRunner } from '../../runtime/git/exec';
import { hermeticEnv } from '../../runtime/git/__fixtures__/temp-repo';
import { openRepo, type Repo } from '../../runtime/git/repo';
import { INTEGRATION, makeTask, makeWorkspace, SPEC, type Workspace } from './__fixtures__/workspace';
import { isIntegrated, REPLAYED_TRAILER } from './integrated';
import { replayOrder, replayRecords, type RecordedTask } from './replay';
import { runTask } from './run-task';

const FILES = {
  'README.md': '# demo\n',
  '.gitignore': 'node_modules/\n',
  [SPEC]: '# Spec\n',
  'app/src/list.txt': 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n',
};

/** What each task's agent writes, relative to the repository. */
const CHANGES: Record<string, Record<string, string>> = {
  alpha: { 'app/src/alpha.txt': 'alpha\n' },
  beta: { 'app/src/list.txt': 'one\nTWO\nthree\nfour\nfive\nsix\nseven\neight\n' },
  gamma: { 'app/src/alpha.txt': 'alpha\ngamma\n', 'app/src/list.txt': 'one\nTWO\nthree\nfour\nfive\nsix\nseven\nEIGHT\n' },
};

const TASKS: TaskDefinition[] = [
  makeTask('alpha', { verify: ['test -f src/alpha.txt'] }),
  makeTask('beta', { verify: ['grep -q TWO src/list.txt'] }),
  makeTask('gamma', { dependsOn: ['alpha', 'beta'], verify: ['grep -q gamma src/alpha.txt'] }),
];
const byId = (id: string) => TASKS.find((t) => t.id === id) as TaskDefinition;

/** Writes the task's files at once; every call is counted. */
function scriptedAgent(calls: string[]): AgentBackend {
  return {
    name: 'scripted',
    async run(request) {
      calls.push(request.taskId);
      const changes = CHANGES[request.taskId] ?? {};
      for (const [rel, content] of Object.entries(changes)) {
        mkdirSync(path.dirname(path.join(request.worktree, rel)), { recursive: true });
        writeFileSync(path.join(request.worktree, rel), content);
      }
      return { status: 'done', summary: `Wrote ${Object.keys(changes).join(', ')}.`, calls: [], filesWritten: Object.keys(changes) };
    },
  };
}

/** An agent that must not be reached: the record should have made it unnecessary. */
const forbiddenAgent: AgentBackend = {
  name: 'forbidden',
  run: async (request) => {
    throw new Error(`the agent was called for ${request.taskId}`);
  },
};

interface Clone {
  dir: string;
  git(args: string[]): string;
  repo(): Promise<Repo>;
}

const cleanups: Array<() => void> = [];
let ws: Workspace | undefined;
afterEach(async () => {
  for (const clean of cleanups.splice(0)) clean();
});

/** A second clone of the workspace as it is now: what another machine checks out. */
function cloneOf(source: string): Clone {
  const parent = realpathSync(mkdtempSync(path.join(tmpdir(), 'br-replay-clone-')));
  cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
  const dir = path.join(parent, 'clone');
  const git = (args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Other', '-c', 'user.email=other@example.com', ...args], { cwd: dir, env: hermeticEnv, encoding: 'utf8' }).trim();
  execFileSync('git', ['clone', '-q', '--no-local', source, dir], { env: hermeticEnv });
  return {
    dir,
    git,
    repo: async () => {
      const opened = await openRepo(dir, { runner: createGitRunner({ env: hermeticEnv }), env: hermeticEnv });
      if (!opened.ok) throw new Error(opened.message);
      return opened.repo;
    },
  };
}

/** Nx restoring a task's outputs from a cache: the record folder, copied as it is. */
function restoreOutputs(from: string, to: string, ids: readonly string[]): void {
  for (const id of ids) cpSync(taskOutputDir(from, SPEC, id), taskOutputDir(to, SPEC, id), { recursive: true });
}

function recorded(root: string, task: TaskDefinition): RecordedTask {
  return { id: task.id, title: task.title, taskHash: task.hash, dependsOn: task.dependsOn, outputDir: taskOutputDir(root, SPEC, task.id) };
}

/** Runs every task in the first clone, in dependency order; returns the clone made before it. */
async function runEverythingElsewhere(): Promise<{ ws: Workspace; other: Clone; calls: string[] }> {
  ws = await makeWorkspace(FILES);
  const other = cloneOf(ws.dir);
  const calls: string[] = [];
  for (const task of TASKS) {
    const outcome = await runTask({ task, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(scriptedAgent(calls)));
    expect(outcome.status, outcome.message).toBe('merged');
  }
  return { ws, other, calls };
}

const tree = (git: (args: string[]) => string) => git(['rev-parse', `${INTEGRATION}^{tree}`]);

describe('replaying recorded tasks', () => {
  it('puts the changes of records made elsewhere onto this clone, dependencies first, to the same tree', async () => {
    const { ws, other } = await runEverythingElsewhere();
    restoreOutputs(ws.dir, other.dir, ['alpha', 'beta', 'gamma']);
    const repo = await other.repo();
    other.git(['branch', INTEGRATION]);

    // Given in reverse: the order comes from the dependencies and the records, not the caller.
    const tasks = [...TASKS].reverse().map((t) => recorded(other.dir, t));
    const outcome = await replayRecords(repo, { integration: INTEGRATION, tasks });

    expect(outcome.ok).toBe(true);
    expect(outcome.replayed.map((r) => r.taskId)).toEqual(['alpha', 'beta', 'gamma']);
    expect(tree(other.git)).toBe(tree(ws.repo.git));
    const gamma = ws.result('gamma').commit as string;
    expect(outcome.replayed.at(-1)?.from).toBe(gamma);
    expect(other.git(['log', '-1', '--format=%B', INTEGRATION])).toBe(`br(gamma): Task gamma\n\nBuildRunner-Task: gamma\n${REPLAYED_TRAILER}: ${gamma}`);
    expect(await isIntegrated(repo, gamma, other.git(['rev-parse', INTEGRATION]))).toBe(true);
    // The user's checkout and index are untouched; no scratch worktree is left registered.
    expect(other.git(['status', '--porcelain', '--untracked-files=no'])).toBe('');
    expect(other.git(['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);

    const tip = other.git(['rev-parse', INTEGRATION]);
    const again = await replayRecords(repo, { integration: INTEGRATION, tasks });
    expect(again).toEqual({ ok: true, replayed: [] });
    expect(other.git(['rev-parse', INTEGRATION])).toBe(tip);
  });

  it('leaves records of another definition of a task alone, and the clone that made them too', async () => {
    const { ws, other } = await runEverythingElsewhere();
    const tipBefore = ws.tip();
    const own = await replayRecords(await ws.openRepo().then((o) => (o.ok ? o.repo : Promise.reject(new Error(o.message)))), {
      integration: INTEGRATION,
      tasks: TASKS.map((t) => recorded(ws.dir, t)),
    });
    expect(own).toEqual({ ok: true, replayed: [] });
    expect(ws.tip()).toBe(tipBefore);

    restoreOutputs(ws.dir, other.dir, ['alpha']);
    other.git(['branch', INTEGRATION]);
    const edited = { ...recorded(other.dir, byId('alpha')), taskHash: 'hash-alpha-edited' };
    const outcome = await replayRecords(await other.repo(), { integration: INTEGRATION, tasks: [edited] });
    expect(outcome).toEqual({ ok: true, replayed: [] });
  });

  it('reports a patch that does not apply and holds back its dependents, but not independent tasks', async () => {
    const { ws, other } = await runEverythingElsewhere();
    restoreOutputs(ws.dir, other.dir, ['alpha', 'beta', 'gamma']);
    // This clone's history changed the line beta rewrites.
    writeFileSync(path.join(other.dir, 'app/src/list.txt'), 'one\nzwei\nthree\nfour\nfive\nsix\nseven\neight\n');
    other.git(['commit', '-qam', 'a local edit']);
    other.git(['branch', INTEGRATION]);

    const outcome = await replayRecords(await other.repo(), { integration: INTEGRATION, tasks: TASKS.map((t) => recorded(other.dir, t)) });

    expect(outcome.ok).toBe(false);
    expect(outcome.replayed.map((r) => r.taskId)).toEqual(['alpha']);
    if (outcome.ok) return;
    expect(outcome.message).toMatch(/cannot replay the recorded change of 2 task\(s\) onto br\/integration/);
    expect(outcome.message).toMatch(/^beta: its change\.patch does not apply here \(.*conflicts.*app\/src\/list\.txt\); to run it again instead, remove .*beta and run it with --skip-nx-cache$/m);
    expect(outcome.message).toMatch(/^gamma: a task it depends on could not be replayed/m);
    expect(other.git(['show', `${INTEGRATION}:app/src/alpha.txt`])).toBe('alpha');
    expect(other.git(['show', `${INTEGRATION}:app/src/list.txt`])).toContain('zwei');
  });

  it('in a task run, replays the dependencies restored from a cache before the agent starts', async () => {
    const { ws, other } = await runEverythingElsewhere();
    restoreOutputs(ws.dir, other.dir, ['alpha', 'beta']);
    const repo = await other.repo();
    const calls: string[] = [];
    const logs: string[] = [];
    const deps = { agent: scriptedAgent(calls), openRepo: async () => ({ ok: true as const, repo }), log: (l: string) => logs.push(l) };

    const outcome = await runTask(
      { task: byId('gamma'), workspaceRoot: other.dir, spec: SPEC, upstream: [recorded(other.dir, byId('alpha')), recorded(other.dir, byId('beta'))] },
      deps,
    );

    expect(outcome.status, outcome.message).toBe('merged');
    expect(calls).toEqual(['gamma']);
    expect(logs.filter((l) => l.includes('replayed')).map((l) => l.split(' ')[2])).toEqual(['alpha', 'beta']);
    expect(tree(other.git)).toBe(tree(ws.repo.git));
  });

  it('in a task run, replays the task own restored record instead of calling the agent', async () => {
    const { ws, other } = await runEverythingElsewhere();
    restoreOutputs(ws.dir, other.dir, ['alpha']);
    const repo = await other.repo();

    const outcome = await runTask({ task: byId('alpha'), workspaceRoot: other.dir, spec: SPEC }, { agent: forbiddenAgent, openRepo: async () => ({ ok: true, repo }) });

    expect(outcome).toMatchObject({ success: true, status: 'merged', reused: true });
    expect(other.git(['show', `${INTEGRATION}:app/src/alpha.txt`])).toBe('alpha');
  });
});

describe('replayOrder', () => {
  const item = (id: string, finishedAt: string, dependsOn: string[] = []) => ({ task: { id, dependsOn }, finishedAt });

  it('follows finishing order, except that a task never comes before what it depends on', () => {
    const order = replayOrder([item('c', '3', ['a']), item('a', '4'), item('b', '1'), item('d', '2')]);
    expect(order.map((i) => i.task.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});
