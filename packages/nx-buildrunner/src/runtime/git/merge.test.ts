import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitTask } from './commit';
import type { ConflictInfo, ConflictResolver } from './conflict';
import { ensureIntegrationBranch } from './integration';
import { mergeLockPath, mergeTask } from './merge';
import { rebaseTask } from './rebase';
import type { Repo } from './repo';
import { prepareTaskWorktree, type TaskWorktree } from './worktree';
import { makeTempRepo, snapshotCheckout, type TempRepo } from './__fixtures__/temp-repo';

describe('mergeTask', () => {
  let repo: TempRepo;
  let r: Repo;
  beforeEach(async () => {
    repo = await makeTempRepo();
    r = await repo.open();
    const made = await ensureIntegrationBranch(r);
    if (!made.ok) throw new Error(made.message);
  });
  afterEach(() => repo.cleanup());

  const integrationTip = (): string => repo.git(['rev-parse', 'refs/heads/br/integration']);

  async function rebaseTaskOnly(wt: TaskWorktree, onto: string, resolve: ConflictResolver): Promise<string> {
    const done = await rebaseTask(r, wt, onto, resolve);
    if (!done.ok) throw new Error(done.message);
    return done.commit;
  }

  /** A task's life up to its commit: worktree, edits, commit. */
  async function doTask(taskId: string, edits: Record<string, string>): Promise<{ wt: TaskWorktree; commit: string }> {
    const prepared = await prepareTaskWorktree(r, taskId);
    if (!prepared.ok) throw new Error(prepared.message);
    for (const [file, content] of Object.entries(edits)) repo.write(file, content, prepared.worktree.path);
    const made = await commitTask(r, prepared.worktree, `Task ${taskId}`);
    if (!made.ok || made.status !== 'committed') throw new Error(`no commit for ${taskId}`);
    return { wt: prepared.worktree, commit: made.commit };
  }

  it('fast-forwards, removes the worktree and branch, and never touches the user checkout', async () => {
    repo.write('README.md', 'user is editing this\n');
    repo.write('scratch.txt', 'untracked user file\n');
    const before = await snapshotCheckout(repo);
    const start = integrationTip();
    const { wt, commit } = await doTask('a', { 'app/src/a.ts': 'export const a = 1;\n' });

    const merged = await mergeTask(r, { worktree: wt, commit, title: 'Task a' });

    expect(merged).toEqual({ ok: true, how: 'fast-forward', integrationBefore: start, integrationAfter: commit, taskCommit: commit, taskBase: start, rebased: false });
    expect(integrationTip()).toBe(commit);
    expect(existsSync(wt.path)).toBe(false);
    expect(repo.git(['for-each-ref', 'refs/heads/br/task/'])).toBe('');
    expect(await snapshotCheckout(repo)).toEqual(before);

    // The next task starts from the merged result.
    const next = await prepareTaskWorktree(r, 'b');
    expect(next.ok && repo.read('app/src/a.ts', next.worktree.path)).toBe('export const a = 1;\n');
  });

  it('makes a merge commit when the integration branch moved on, with both tasks in its tree', async () => {
    const a = await doTask('a', { 'app/src/a.ts': 'a\n' });
    const b = await doTask('b', { 'app/src/b.ts': 'b\n' });
    expect(await mergeTask(r, { worktree: a.wt, commit: a.commit, title: 'Task a' })).toMatchObject({ ok: true, how: 'fast-forward' });

    const merged = await mergeTask(r, { worktree: b.wt, commit: b.commit, title: 'Task b' });

    expect(merged).toMatchObject({ ok: true, how: 'merge-commit', integrationBefore: a.commit, taskCommit: b.commit, rebased: false });
    const tip = integrationTip();
    expect(repo.git(['rev-parse', `${tip}^1`, `${tip}^2`]).split('\n')).toEqual([a.commit, b.commit]);
    expect(repo.git(['log', '-1', '--format=%B', tip])).toBe('Merge br(b): Task b\n\nBuildRunner-Task: b');
    expect(repo.git(['ls-tree', '-r', '--name-only', tip, 'app/src']).split('\n')).toEqual(['app/src/a.ts', 'app/src/b.ts', 'app/src/greet.ts', 'app/src/list.txt']);
  });

  it('merging again reports already-merged without a second commit', async () => {
    const a = await doTask('a', { 'app/src/a.ts': 'a\n' });
    const b = await doTask('b', { 'app/src/b.ts': 'b\n' });
    await mergeTask(r, { worktree: a.wt, commit: a.commit, title: 'Task a' });
    // A crash right after the ref moved: the worktree is still there.
    const first = await mergeTask(r, { worktree: b.wt, commit: b.commit, title: 'Task b', afterMerge: 'keep' });
    expect(first).toMatchObject({ ok: true, how: 'merge-commit' });
    const tip = integrationTip();
    const count = repo.git(['rev-list', '--count', tip]);

    const again = await mergeTask(r, { worktree: b.wt, commit: b.commit, title: 'Task b' });

    expect(again).toMatchObject({ ok: true, how: 'already-merged', integrationBefore: tip, integrationAfter: tip });
    expect(integrationTip()).toBe(tip);
    expect(repo.git(['rev-list', '--count', tip])).toBe(count);
    expect(existsSync(b.wt.path)).toBe(false);
  });

  it('rebases a conflicting task and lets the resolver fix it in one turn', async () => {
    const a = await doTask('a', { 'app/src/list.txt': 'one\ntwo\nTHREE (a)\nfour\nfive\n' });
    const b = await doTask('b', { 'app/src/list.txt': 'one\ntwo\nthree (b)\nfour\nfive\n' });
    await mergeTask(r, { worktree: a.wt, commit: a.commit, title: 'Task a' });
    const seen: ConflictInfo[] = [];
    const resolve: ConflictResolver = async (info) => {
      seen.push(info);
      await fs.writeFile(path.join(info.worktree, 'app/src/list.txt'), 'one\ntwo\nTHREE (a) and three (b)\nfour\nfive\n');
      return { ok: true };
    };

    const merged = await mergeTask(r, { worktree: b.wt, commit: b.commit, title: 'Task b', resolveConflict: resolve });

    if (!merged.ok) throw new Error(merged.message);
    expect(merged).toMatchObject({ how: 'fast-forward', rebased: true, taskBase: a.commit, integrationBefore: a.commit });
    expect(merged.taskCommit).not.toBe(b.commit);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ taskId: 'b', worktree: b.wt.path, files: ['app/src/list.txt'] });
    expect(seen[0]?.conflictText).toMatch(/<<<<<<< .*\n.*THREE \(a\)\n.*=======\n.*three \(b\)\n.*>>>>>>> /);
    const tip = integrationTip();
    expect(tip).toBe(merged.taskCommit);
    expect(repo.git(['show', `${tip}:app/src/list.txt`])).toBe('one\ntwo\nTHREE (a) and three (b)\nfour\nfive');
    expect(repo.git(['log', '-1', '--format=%s', tip])).toBe('br(b): Task b');
    expect(repo.git(['rev-parse', `${tip}^`])).toBe(a.commit);
  });

  it('a task recommitted after a crash that followed its rebase keeps its rebased commit', async () => {
    const a = await doTask('a', { 'app/src/list.txt': 'one\ntwo\nTHREE (a)\nfour\nfive\n' });
    const b = await doTask('b', { 'app/src/list.txt': 'one\ntwo\nthree (b)\nfour\nfive\n' });
    await mergeTask(r, { worktree: a.wt, commit: a.commit, title: 'Task a' });
    const resolve: ConflictResolver = async (info) => {
      await fs.writeFile(path.join(info.worktree, 'app/src/list.txt'), 'resolved\n');
      return { ok: true };
    };
    // A crash right after the merge's rebase: the task branch holds the rebased commit, integration does not.
    const rebased = await rebaseTaskOnly(b.wt, a.commit, resolve);
    const again = await commitTask(r, b.wt, 'Task b');
    expect(again).toMatchObject({ ok: true, status: 'committed', reused: true, commit: rebased, base: a.commit });
    const merged = await mergeTask(r, { worktree: b.wt, commit: rebased, base: a.commit, title: 'Task b' });
    expect(merged).toMatchObject({ ok: true, how: 'fast-forward', taskCommit: rebased, taskBase: a.commit, rebased: false });
    expect(repo.git(['rev-list', '--count', `${a.commit}..br/integration`])).toBe('1');
  });

  describe('when a conflict cannot be resolved', () => {
    async function conflicted(): Promise<{ b: { wt: TaskWorktree; commit: string }; tip: string }> {
      const a = await doTask('a', { 'app/src/list.txt': 'one\ntwo\nTHREE (a)\nfour\nfive\n' });
      const b = await doTask('b', { 'app/src/list.txt': 'one\ntwo\nthree (b)\nfour\nfive\n', 'app/src/b.ts': 'b\n' });
      await mergeTask(r, { worktree: a.wt, commit: a.commit, title: 'Task a' });
      return { b, tip: integrationTip() };
    }

    /** The integration branch exactly as it was; the task's branch and worktree as the task left them. */
    function expectUntouched(b: { wt: TaskWorktree; commit: string }, tip: string): void {
      expect(integrationTip()).toBe(tip);
      expect(repo.git(['rev-parse', 'br/task/b'])).toBe(b.commit);
      expect(repo.git(['rev-parse', 'HEAD'], b.wt.path)).toBe(b.commit);
      expect(repo.git(['status', '--porcelain', '--untracked-files=all'], b.wt.path)).toBe('');
      expect(repo.read('app/src/list.txt', b.wt.path)).toBe('one\ntwo\nthree (b)\nfour\nfive\n');
      expect(existsSync(path.join(repo.dir, '.git', 'worktrees', 'b', 'rebase-merge'))).toBe(false);
    }

    it('fails with the files and the kept worktree when the resolver gives up', async () => {
      const { b, tip } = await conflicted();
      const merged = await mergeTask(r, { worktree: b.wt, commit: b.commit, title: 'Task b', resolveConflict: async () => ({ ok: false, message: 'model could not decide' }) });
      expect(merged).toEqual({
        ok: false,
        reason: 'conflict',
        files: ['app/src/list.txt'],
        worktree: b.wt.path,
        message: `b conflicts with the integration branch in app/src/list.txt: the resolver failed: model could not decide; the worktree is kept at ${b.wt.path}`,
      });
      expectUntouched(b, tip);
    });

    it('treats a throwing resolver, or one that leaves markers, as failing', async () => {
      const { b, tip } = await conflicted();
      const thrown = await mergeTask(r, {
        worktree: b.wt,
        commit: b.commit,
        title: 'Task b',
        resolveConflict: async () => {
          throw new Error('agent crashed');
        },
      });
      expect(thrown).toMatchObject({ ok: false, reason: 'conflict', message: expect.stringContaining('the resolver failed: agent crashed') });
      expectUntouched(b, tip);

      const sloppy = await mergeTask(r, { worktree: b.wt, commit: b.commit, title: 'Task b', resolveConflict: async () => ({ ok: true }) });
      expect(sloppy).toMatchObject({ ok: false, reason: 'conflict', files: ['app/src/list.txt'], message: expect.stringContaining('conflict markers are still there') });
      expectUntouched(b, tip);
    });

    it('fails without a resolver', async () => {
      const { b, tip } = await conflicted();
      expect(await mergeTask(r, { worktree: b.wt, commit: b.commit, title: 'Task b' })).toMatchObject({ ok: false, reason: 'conflict', worktree: b.wt.path });
      expectUntouched(b, tip);
    });
  });

  it('serialises concurrent merges: every task lands, none is lost', async () => {
    // Settled, not all: a failure must not let the cleanup race the other tasks' git processes.
    const settled = await Promise.allSettled(['p1', 'p2', 'p3', 'p4'].map((id) => doTask(id, { [`app/src/${id}.ts`]: `${id}\n` })));
    const tasks = settled.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
    const results = await Promise.all(tasks.map((t) => mergeTask(r, { worktree: t.wt, commit: t.commit, title: t.wt.taskId })));
    expect(results.every((m) => m.ok)).toBe(true);
    const tip = integrationTip();
    for (const t of tasks) expect(repo.git(['merge-base', '--is-ancestor', t.commit, tip])).toBe('');
    expect(repo.git(['ls-tree', '--name-only', `${tip}:app/src`]).split('\n')).toEqual(expect.arrayContaining(['p1.ts', 'p2.ts', 'p3.ts', 'p4.ts']));
    expect(existsSync(mergeLockPath(r))).toBe(false);
  });

  it('gives up waiting for a merge lock held by a live process and names it', async () => {
    const { wt, commit } = await doTask('a', { 'a.txt': 'a\n' });
    const lock = mergeLockPath(r);
    await fs.mkdir(path.dirname(lock), { recursive: true });
    const owner = { pid: process.pid, hostname: os.hostname(), startedAt: '2030-01-01T00:00:00.000Z', purpose: 'merge other into br/integration', token: 'x' };
    await fs.writeFile(lock, JSON.stringify(owner));
    const tip = integrationTip();

    const merged = await mergeTask(r, { worktree: wt, commit, title: 'a', lockTimeoutMs: 150 });

    expect(merged).toMatchObject({ ok: false, reason: 'lock', worktree: wt.path });
    expect(!merged.ok && merged.message).toMatch(new RegExp(`held by pid ${process.pid} \\(running\\) since 2030-01-01T00:00:00.000Z for "merge other into br/integration"`));
    expect(integrationTip()).toBe(tip);
    expect(existsSync(wt.path)).toBe(true);
  });

  it('gets past a ref lock left by a git process killed mid-update', async () => {
    const { wt, commit } = await doTask('a', { 'a.txt': 'a\n' });
    const refLock = path.join(repo.dir, '.git', 'refs', 'heads', 'br', 'integration.lock');
    await fs.writeFile(refLock, '');
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(refLock, old, old);
    expect(await mergeTask(r, { worktree: wt, commit, title: 'a' })).toMatchObject({ ok: true, how: 'fast-forward' });
    expect(integrationTip()).toBe(commit);
  });
});
