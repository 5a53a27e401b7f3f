import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanLeftovers, listLeftovers } from './cleanup';
import { commitTask } from './commit';
import { ensureIntegrationBranch } from './integration';
import { mergeLockPath, mergeTask } from './merge';
import type { Repo } from './repo';
import { prepareTaskWorktree } from './worktree';
import { makeTempRepo, type TempRepo } from './__fixtures__/temp-repo';

describe('leftovers of crashed runs', () => {
  let repo: TempRepo;
  afterEach(() => repo.cleanup());

  /** One of each thing a `kill -9` at some point of a task's life leaves behind. */
  async function crashedRun(r: Repo) {
    await ensureIntegrationBranch(r);
    const prepare = async (id: string) => {
      const p = await prepareTaskWorktree(r, id);
      if (!p.ok) throw new Error(p.message);
      return p.worktree;
    };
    // Killed after the merge moved the branch, before the worktree was removed.
    const merged = await prepare('merged');
    repo.write('m.txt', 'm\n', merged.path);
    const mc = await commitTask(r, merged, 'merged');
    if (!mc.ok || mc.status !== 'committed') throw new Error('no commit');
    await mergeTask(r, { worktree: merged, commit: mc.commit, title: 'merged', afterMerge: 'keep' });
    // Killed after committing, before merging: unmerged work.
    const unmerged = await prepare('unmerged');
    repo.write('u.txt', 'u\n', unmerged.path);
    const uc = await commitTask(r, unmerged, 'unmerged');
    if (!uc.ok || uc.status !== 'committed') throw new Error('no commit');
    // Killed while the agent worked: no commit yet.
    const agent = await prepare('agent');
    repo.write('half.txt', 'half\n', agent.path);
    // A worktree folder deleted by hand: a stale registration.
    const deleted = await prepare('deleted');
    await fs.rm(deleted.path, { recursive: true, force: true });
    // A folder git never registered.
    repo.write('junk.txt', 'junk\n', path.join(r.worktreesDir, 'stray'));
    // A running task that must not be touched.
    const active = await prepare('active');
    // A finished task whose checkout was parked for recycling.
    const pooled = await prepare('pooled');
    repo.write('p.txt', 'p\n', pooled.path);
    const pc = await commitTask(r, pooled, 'pooled');
    if (!pc.ok || pc.status !== 'committed') throw new Error('no commit');
    await mergeTask(r, { worktree: pooled, commit: pc.commit, title: 'pooled' });
    // The merge lock of the killed process, and a lock breaker's leftover.
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('exit', resolve));
    const lock = mergeLockPath(r);
    await fs.mkdir(path.dirname(lock), { recursive: true });
    const owner = { pid: dead.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), purpose: 'merge x', token: 't' };
    await fs.writeFile(lock, JSON.stringify(owner));
    await fs.writeFile(`${lock}.stale-${dead.pid}-abc`, '{}');
    return { merged, unmerged, unmergedCommit: uc.commit, agent, deleted, active, lock, deadPid: dead.pid };
  }

  it('lists what each task left', async () => {
    repo = await makeTempRepo();
    const r = await repo.open();
    const left = await crashedRun(r);
    const found = await listLeftovers(r);
    if (!found.ok) throw new Error(found.message);
    const byId = Object.fromEntries(found.tasks.map((t) => [t.taskId, t]));
    expect(Object.keys(byId).sort()).toEqual(['active', 'agent', 'deleted', 'merged', 'stray', 'unmerged']);
    expect(byId.merged).toMatchObject({ merged: true, registered: true, worktree: left.merged.path, branch: 'br/task/merged' });
    expect(byId.unmerged).toMatchObject({ merged: false, registered: true, tip: left.unmergedCommit });
    expect(byId.agent).toMatchObject({ merged: true, registered: true });
    expect(byId.deleted).toMatchObject({ merged: true, registered: true, branch: 'br/task/deleted' });
    expect(byId.stray).toEqual({ taskId: 'stray', merged: true, registered: false, worktree: path.join(r.worktreesDir, 'stray') });
    expect(found.failedBranches).toEqual([]);
    expect(found.parked).toEqual([expect.stringContaining(path.join(r.worktreesDir, '.pool', 'pooled-'))]);
  });

  it('removes merged and empty leftovers, stray folders and dead locks; keeps unmerged work and active tasks', async () => {
    repo = await makeTempRepo();
    const r = await repo.open();
    const left = await crashedRun(r);
    const tip = repo.git(['rev-parse', 'br/integration']);

    const report = await cleanLeftovers(r, { active: new Set(['active']) });

    if (!report.ok) throw new Error(report.message);
    expect(report.problems).toEqual([]);
    expect(report.kept.map((t) => t.taskId)).toEqual(['unmerged']);
    expect(report.deletedBranches.sort()).toEqual(['br/task/agent', 'br/task/deleted', 'br/task/merged']);
    expect(report.removedLocks.sort()).toEqual([left.lock, `${left.lock}.stale-${left.deadPid}-abc`]);
    expect(existsSync(left.lock)).toBe(false);
    for (const gone of [left.merged.path, left.agent.path, path.join(r.worktreesDir, 'stray')]) expect(existsSync(gone)).toBe(false);
    expect(existsSync(left.unmerged.path)).toBe(true);
    expect(existsSync(left.active.path)).toBe(true);
    expect(repo.git(['rev-parse', 'br/task/unmerged'])).toBe(left.unmergedCommit);
    expect(repo.git(['for-each-ref', '--format=%(refname)', 'refs/heads/br/task/']).split('\n').sort()).toEqual(['refs/heads/br/task/active', 'refs/heads/br/task/unmerged']);
    expect(repo.git(['worktree', 'list', '--porcelain'])).not.toContain('deleted');
    expect(repo.git(['rev-parse', 'br/integration'])).toBe(tip);
    expect(existsSync(path.join(r.worktreesDir, '.pool'))).toBe(false);
    expect(report.removedWorktrees).toEqual(expect.arrayContaining([expect.stringContaining(path.join(r.worktreesDir, '.pool', 'pooled-'))]));
    expect(repo.git(['worktree', 'list', '--porcelain'])).not.toContain('.pool');

    const second = await cleanLeftovers(r, { active: new Set(['active']) });
    expect(second).toMatchObject({ ok: true, removedWorktrees: [], deletedBranches: [], removedLocks: [], problems: [] });
  });

  it('drops unmerged work only when told to', async () => {
    repo = await makeTempRepo();
    const r = await repo.open();
    const left = await crashedRun(r);
    const report = await cleanLeftovers(r, { discardUnmerged: true });
    expect(report).toMatchObject({ ok: true, kept: [], problems: [] });
    expect(existsSync(left.unmerged.path)).toBe(false);
    expect(existsSync(left.active.path)).toBe(false);
    expect(repo.git(['for-each-ref', 'refs/heads/br/task/'])).toBe('');
  });
});
