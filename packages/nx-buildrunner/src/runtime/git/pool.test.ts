import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitTask } from './commit';
import { ensureIntegrationBranch } from './integration';
import { mergeTask } from './merge';
import { parkWorktree, poolDir } from './pool';
import type { Repo } from './repo';
import { prepareTaskWorktree, type TaskWorktree } from './worktree';
import { makeTempRepo, type TempRepo } from './__fixtures__/temp-repo';

describe('recycling finished worktrees', () => {
  let repo: TempRepo;
  let r: Repo;
  beforeEach(async () => {
    repo = await makeTempRepo();
    r = await repo.open();
    await ensureIntegrationBranch(r);
  });
  afterEach(() => repo.cleanup());

  const pool = async (): Promise<string[]> => fs.readdir(poolDir(r)).catch(() => []);

  async function finish(taskId: string, edits: Record<string, string>, extra: (wt: TaskWorktree) => void = () => undefined): Promise<string> {
    const p = await prepareTaskWorktree(r, taskId);
    if (!p.ok) throw new Error(p.message);
    for (const [file, content] of Object.entries(edits)) repo.write(file, content, p.worktree.path);
    const c = await commitTask(r, p.worktree, taskId);
    if (!c.ok || c.status !== 'committed') throw new Error('no commit');
    extra(p.worktree);
    const m = await mergeTask(r, { worktree: p.worktree, commit: c.commit, title: taskId });
    if (!m.ok) throw new Error(m.message);
    expect(m.cleanupProblem).toBeUndefined();
    return p.worktree.path;
  }

  it('parks a merged worktree detached and branchless, and hands it to the next task exactly at the tip', async () => {
    const aPath = await finish('a', { 'a.txt': 'a\n' }, (wt) => {
      repo.write('node_modules/dep/index.js', 'ignored build output\n', wt.path);
    });
    expect(existsSync(aPath)).toBe(false);
    expect(await pool()).toHaveLength(1);
    const parkedPath = path.join(poolDir(r), (await pool())[0] ?? '');
    expect(repo.git(['worktree', 'list', '--porcelain'])).toMatch(new RegExp(`worktree ${parkedPath}\\nHEAD [0-9a-f]+\\ndetached`));
    expect(repo.git(['for-each-ref', 'refs/heads/br/task/'])).toBe('');

    // The integration branch moves on (a file deleted) before the next task starts.
    const dropReadme = await prepareTaskWorktree(r, 'drop');
    if (!dropReadme.ok) throw new Error(dropReadme.message);
    await fs.rm(path.join(dropReadme.worktree.path, 'README.md'));
    const dc = await commitTask(r, dropReadme.worktree, 'drop readme');
    if (!dc.ok || dc.status !== 'committed') throw new Error('no commit');
    expect(await mergeTask(r, { worktree: dropReadme.worktree, commit: dc.commit, title: 'drop' })).toMatchObject({ ok: true });

    const next = await prepareTaskWorktree(r, 'b');
    if (!next.ok) throw new Error(next.message);
    const tip = repo.git(['rev-parse', 'br/integration']);
    expect(next.origin).toBe('recycled');
    expect(next.worktree.path).toBe(path.join(r.worktreesDir, 'b'));
    expect(repo.git(['symbolic-ref', 'HEAD'], next.worktree.path)).toBe('refs/heads/br/task/b');
    expect(repo.git(['rev-parse', 'HEAD'], next.worktree.path)).toBe(tip);
    expect(repo.git(['status', '--porcelain', '--ignored', '--untracked-files=all'], next.worktree.path)).toBe('');
    expect(existsSync(path.join(next.worktree.path, 'README.md'))).toBe(false);
    expect(repo.read('a.txt', next.worktree.path)).toBe('a\n');
  });

  it('removes instead of parking when the pool is full, or when asked', async () => {
    const first = await prepareTaskWorktree(r, 'p1');
    const second = await prepareTaskWorktree(r, 'p2');
    if (!first.ok || !second.ok) throw new Error('not prepared');
    expect(await parkWorktree(r, first.worktree, { branchAt: first.worktree.base, maxParked: 1 })).toEqual({ ok: true });
    expect(await parkWorktree(r, second.worktree, { branchAt: second.worktree.base, maxParked: 1 })).toEqual({ ok: true });
    expect(await pool()).toHaveLength(1);
    expect(existsSync(second.worktree.path)).toBe(false);
    expect(repo.git(['for-each-ref', 'refs/heads/br/task/'])).toBe('');

    const third = await prepareTaskWorktree(r, 'p3');
    if (!third.ok) throw new Error(third.message);
    repo.write('x.txt', 'x\n', third.worktree.path);
    const c = await commitTask(r, third.worktree, 'p3');
    if (!c.ok || c.status !== 'committed') throw new Error('no commit');
    expect(await mergeTask(r, { worktree: third.worktree, commit: c.commit, title: 'p3', afterMerge: 'remove' })).toMatchObject({ ok: true });
    expect(await pool()).toHaveLength(0);
    expect(existsSync(third.worktree.path)).toBe(false);
    expect(repo.git(['worktree', 'list', '--porcelain'])).not.toContain('p3');
  });

  it('recovers a parked worktree that a crash left half-way to a task', async () => {
    await finish('a', { 'a.txt': 'a\n' });
    const [name] = await pool();
    const dir = path.join(r.worktreesDir, 'b');
    // Killed after `worktree move`, before the switch to the task branch.
    repo.git(['worktree', 'move', path.join(poolDir(r), name ?? ''), dir]);
    repo.write('stale.txt', 'left by the crash\n', dir);

    const again = await prepareTaskWorktree(r, 'b');

    expect(again).toMatchObject({ ok: true, origin: 'recovered', worktree: { path: dir } });
    expect(repo.git(['symbolic-ref', 'HEAD'], dir)).toBe('refs/heads/br/task/b');
    expect(repo.git(['rev-parse', 'HEAD'], dir)).toBe(repo.git(['rev-parse', 'br/integration']));
    expect(repo.git(['status', '--porcelain', '--ignored', '--untracked-files=all'], dir)).toBe('');
  });
});
