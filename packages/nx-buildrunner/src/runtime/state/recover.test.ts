import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitTask } from '../git/commit';
import { ensureIntegrationBranch } from '../git/integration';
import { mergeLockPath, mergeTask } from '../git/merge';
import type { Repo } from '../git/repo';
import { prepareTaskWorktree } from '../git/worktree';
import { makeTempRepo, type TempRepo } from '../git/__fixtures__/temp-repo';
import { fileJournalSink } from '../journal/file-sink';
import { journalPath } from '../journal/paths';
import { deliveryPath, loadDelivery, pendingDeliveries, saveDelivery, type DeliveryCheckpoint } from './delivery';
import { mergedTaskCommit } from './merged-commit';
import { loadRunRecord, readRunRecord, runRecordPath, writeRunRecord } from './record-file';
import { recoverWorkspace } from './recover';
import { PAUSE_ENV, PAUSE_MARK_ENV } from './test-pause';
import { emptyRecord } from './types';

let repo: TempRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

/** A pid that certainly belongs to no process: one that has just exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

async function waitFor(check: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the run record checkpoint', () => {
  it('is the journal folded up to an offset; loading reads only what was appended since', async () => {
    repo = await makeTempRepo();
    const root = repo.dir;
    const sink = fileJournalSink(journalPath(root), { run: 'r1' });
    sink.append({ type: 'task-start', task: 'a', attempt: 1 });
    const first = await loadRunRecord(root);
    await writeRunRecord(root, first.record);
    expect((await readRunRecord(root))?.offset).toBe(first.tail.offset);

    sink.append({ type: 'task-step', task: 'a', step: 'verify', attempt: 1 });
    const second = await loadRunRecord(root);
    expect(second.record.tasks['a']).toMatchObject({ state: 'running', step: 'verify' });
    // The checkpoint was used: a record claiming another task, at the same offset, survives the load.
    const planted = { ...first.record, tasks: { ...first.record.tasks, planted: { ...first.record.tasks['a']!, task: 'planted' } } };
    await writeRunRecord(root, planted);
    expect(Object.keys((await loadRunRecord(root)).record.tasks).sort()).toEqual(['a', 'planted']);
  });

  it('is rebuilt from the whole journal when it is ahead of it or unreadable', async () => {
    repo = await makeTempRepo();
    const root = repo.dir;
    fileJournalSink(journalPath(root), { run: 'r1' }).append({ type: 'task-start', task: 'a', attempt: 1 });
    await writeRunRecord(root, { ...emptyRecord(), offset: 10_000_000 });
    expect((await loadRunRecord(root)).record.tasks['a']?.state).toBe('running');
    await fs.writeFile(runRecordPath(root), '{"version":1,"off');
    expect((await loadRunRecord(root)).record.tasks['a']?.state).toBe('running');
  });

  it('keeps the old record whole when its writer is killed half-way, and recovery removes the half', async () => {
    repo = await makeTempRepo();
    const root = repo.dir;
    await writeRunRecord(root, { ...emptyRecord(), updatedAt: 1 });
    const mark = path.join(root, 'paused');
    const module = path.resolve(__dirname, '../../../dist/runtime/state/record-file.js');
    const code = `require(${JSON.stringify(module)}).writeRunRecord(${JSON.stringify(root)}, { version: 1, offset: 0, updatedAt: 2, runs: [], tasks: {} }, { after: ['a'] })`;
    const child = spawn(process.execPath, ['-e', code], { env: { ...process.env, [PAUSE_ENV]: 'state-write:a:30000', [PAUSE_MARK_ENV]: mark }, stdio: 'inherit' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitFor(() => existsSync(mark));
    child.kill('SIGKILL');
    await exited;

    const dir = path.dirname(runRecordPath(root));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    expect((await readRunRecord(root))?.updatedAt).toBe(1);
    const report = await recoverWorkspace(root, { repo: await repo.open() });
    expect(report.removedTemps).toHaveLength(1);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('recovering a workspace before a run', () => {
  async function prepare(r: Repo, id: string) {
    const p = await prepareTaskWorktree(r, id);
    if (!p.ok) throw new Error(p.message);
    return p.worktree;
  }

  it('ends dead runs, cleans what their tasks left, and leaves live tasks and pending deliveries alone', async () => {
    repo = await makeTempRepo();
    const root = repo.dir;
    const r = await repo.open();
    await ensureIntegrationBranch(r);
    const dead = await deadPid();

    // A run killed with kill -9: its task `agent` was with the agent, `live` belongs to a live process.
    const killed = fileJournalSink(journalPath(root), { run: 'killed', pid: dead });
    killed.append({ type: 'run-start', spec: 'app/PROJECT_SPEC.md', tasks: ['agent', 'delivering'], workers: 1, command: 'br run --auto' });
    killed.append({ type: 'task-start', task: 'agent', attempt: 1 });
    killed.append({ type: 'task-start', task: 'delivering', attempt: 1 });
    fileJournalSink(journalPath(root), { run: 'other', pid: process.pid }).append({ type: 'task-start', task: 'live', attempt: 1 });
    const agentWt = await prepare(r, 'agent');
    repo.write('half.txt', 'half\n', agentWt.path);
    const liveWt = await prepare(r, 'live');
    const deliveringWt = await prepare(r, 'delivering');
    repo.write('done.txt', 'done\n', deliveringWt.path);
    const checkpoint: DeliveryCheckpoint = {
      version: 1,
      taskId: 'delivering',
      taskHash: 'h',
      integration: 'br/integration',
      worktree: deliveringWt,
      specDir: 'app',
      attempts: [],
      prompts: [],
      spentUsd: 0,
      timings: { contextMs: 1, agentMs: 2, verifyMs: 3 },
    };
    await saveDelivery(deliveryPath(root, 'app/PROJECT_SPEC.md', 'delivering'), checkpoint, {});
    const lock = mergeLockPath(r);
    await fs.mkdir(path.dirname(lock), { recursive: true });
    await fs.writeFile(lock, JSON.stringify({ pid: dead, hostname: os.hostname(), startedAt: '', purpose: 'merge', token: 't' }));

    const report = await recoverWorkspace(root, { repo: r });

    expect(report.interruptedRuns).toEqual(['killed']);
    expect(report.active).toEqual(['delivering', 'live']);
    expect(report.problems).toEqual([]);
    expect(existsSync(agentWt.path)).toBe(false);
    expect(repo.git(['branch', '--list', 'br/task/*']).split('\n').map((b) => b.replace(/^[*+ ]+/, '')).sort()).toEqual(['br/task/delivering', 'br/task/live']);
    expect(existsSync(liveWt.path) && existsSync(path.join(deliveringWt.path, 'done.txt'))).toBe(true);
    expect(existsSync(lock)).toBe(false);
    const { record } = await loadRunRecord(root);
    expect(record.runs.find((x) => x.id === 'killed')?.status).toBe('failed');
    expect(record.tasks['agent']?.state).toBe('pending');
    expect(record.tasks['live']?.state).toBe('running');
    expect([...(await pendingDeliveries(root))]).toEqual(['delivering']);

    // Nothing is left to do a second time.
    expect((await recoverWorkspace(root, { repo: r })).interruptedRuns).toEqual([]);
  });
});

describe('delivery checkpoints', () => {
  it('are found only for the same definition of the task', async () => {
    repo = await makeTempRepo();
    const file = deliveryPath(repo.dir, 'app/PROJECT_SPEC.md', 't');
    const worktree = { taskId: 't', branch: 'br/task/t', path: '/x', base: 'b', baseTree: 'bt' };
    const key = { taskId: 't', taskHash: 'h', featureHash: 'f' };
    await saveDelivery(file, { version: 1, ...key, integration: 'br/integration', worktree, specDir: '.', attempts: [], prompts: [], spentUsd: 0, timings: { contextMs: 0, agentMs: 0, verifyMs: 0 } }, {});
    expect(await loadDelivery(file, key)).toMatchObject({ taskId: 't', worktree });
    expect(await loadDelivery(file, { ...key, featureHash: 'other' })).toBeUndefined();
    expect(await loadDelivery(file, { ...key, taskHash: 'other' })).toBeUndefined();
  });

  it("find the task's own commit on the integration branch after the tip it started from", async () => {
    repo = await makeTempRepo();
    const r = await repo.open();
    const started = await ensureIntegrationBranch(r);
    if (!started.ok) throw new Error(started.message);
    const wt = await prepareTaskWorktree(r, 'alpha');
    if (!wt.ok) throw new Error(wt.message);
    expect(await mergedTaskCommit(r, 'br/integration', 'alpha', started.tip)).toEqual({ ok: true });
    repo.write('a.txt', 'a\n', wt.worktree.path);
    const committed = await commitTask(r, wt.worktree, 'Alpha');
    if (!committed.ok || committed.status !== 'committed') throw new Error('no commit');
    expect(await mergedTaskCommit(r, 'br/integration', 'alpha', started.tip)).toEqual({ ok: true });
    const merged = await mergeTask(r, { worktree: wt.worktree, commit: committed.commit, title: 'Alpha' });
    if (!merged.ok) throw new Error(merged.message);

    expect(await mergedTaskCommit(r, 'br/integration', 'alpha', started.tip)).toEqual({ ok: true, commit: committed.commit, parent: started.tip });
    expect(await mergedTaskCommit(r, 'br/integration', 'alph', started.tip)).toEqual({ ok: true });
    // Work merged before the task started belongs to an earlier run of it.
    expect(await mergedTaskCommit(r, 'br/integration', 'alpha', merged.integrationAfter)).toEqual({ ok: true });
  });
});
