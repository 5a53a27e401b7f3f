import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureIntegrationBranch } from './integration';
import type { Repo } from './repo';
import { removeTaskWorktree } from './remove';
import { prepareTaskWorktree } from './worktree';
import { makeTempRepo, snapshotCheckout, type TempRepo } from './__fixtures__/temp-repo';

describe('prepareTaskWorktree', () => {
  let repo: TempRepo;
  let r: Repo;
  beforeEach(async () => {
    repo = await makeTempRepo();
    r = await repo.open();
    const made = await ensureIntegrationBranch(r);
    if (!made.ok) throw new Error(made.message);
  });
  afterEach(() => repo.cleanup());

  /** Moves br/integration to a new commit with one more file, as merged tasks do. */
  const advanceIntegration = (file: string): string => {
    repo.git(['checkout', '-q', '-b', 'scratch', 'br/integration']);
    repo.write(file, `${file}\n`);
    const commit = repo.commitAll(`add ${file}`);
    repo.git(['checkout', '-q', 'main']);
    repo.git(['branch', '-q', '-f', 'br/integration', 'scratch']);
    repo.git(['branch', '-q', '-D', 'scratch']);
    return commit;
  };

  it('checks out br/task/<id> at the integration tip under .buildrunner/worktrees, leaving the checkout alone', async () => {
    const tip = advanceIntegration('from-earlier-task.txt');
    repo.write('README.md', 'dirty\n');
    const before = await snapshotCheckout(repo);

    const result = await prepareTaskWorktree(r, 'f1-parse');

    const dir = path.join(repo.dir, '.buildrunner', 'worktrees', 'f1-parse');
    expect(result).toEqual({
      ok: true,
      origin: 'checkout',
      worktree: { taskId: 'f1-parse', branch: 'br/task/f1-parse', path: dir, base: tip, baseTree: repo.git(['rev-parse', `${tip}^{tree}`]) },
    });
    expect(repo.git(['rev-parse', 'HEAD'], dir)).toBe(tip);
    expect(repo.git(['symbolic-ref', 'HEAD'], dir)).toBe('refs/heads/br/task/f1-parse');
    expect(repo.read('from-earlier-task.txt', dir)).toBe('from-earlier-task.txt\n');
    expect(existsSync(path.join(dir, 'app', 'PROJECT_SPEC.md'))).toBe(true);
    expect(await snapshotCheckout(repo)).toEqual(before);
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('M README.md');
  });

  it('reuses a leftover worktree with no commits of its own, reset to the current tip and cleaned', async () => {
    const first = await prepareTaskWorktree(r, 't1');
    if (!first.ok) throw new Error(first.message);
    const dir = first.worktree.path;
    repo.write('app/src/greet.ts', 'half-done edit\n', dir);
    repo.write('app/new.ts', 'untracked\n', dir);
    repo.write('node_modules/x/index.js', 'ignored\n', dir);
    const tip = advanceIntegration('later.txt');

    const again = await prepareTaskWorktree(r, 't1');

    expect(again).toMatchObject({ ok: true, origin: 'recovered', worktree: { path: dir, base: tip } });
    expect(again.ok && again.kept).toBeUndefined();
    expect(repo.git(['rev-parse', 'HEAD'], dir)).toBe(tip);
    expect(repo.git(['status', '--porcelain', '--untracked-files=all', '--ignored'], dir)).toBe('');
    expect(repo.read('later.txt', dir)).toBe('later.txt\n');
  });

  it('keeps unmerged commits of a crashed run on br/failed/<id>-<commit>, once, and starts fresh', async () => {
    const first = await prepareTaskWorktree(r, 't2');
    if (!first.ok) throw new Error(first.message);
    repo.write('work.txt', 'valuable\n', first.worktree.path);
    const work = repo.commitAll('unmerged work', first.worktree.path);

    const again = await prepareTaskWorktree(r, 't2');
    const kept = `br/failed/t2-${work.slice(0, 12)}`;
    expect(again).toMatchObject({ ok: true, origin: 'checkout', kept });
    expect(repo.git(['rev-parse', kept])).toBe(work);
    expect(repo.git(['rev-parse', 'br/task/t2'])).toBe(repo.git(['rev-parse', 'br/integration']));
    expect(existsSync(path.join(first.worktree.path, 'work.txt'))).toBe(false);

    // The same leftover met again (a recovery that crashed after keeping it) keeps it once.
    repo.git(['update-ref', 'refs/heads/br/task/t2', work]);
    expect(await prepareTaskWorktree(r, 't2')).toMatchObject({ ok: true, kept });
    expect(repo.git(['for-each-ref', '--format=%(refname)', 'refs/heads/br/failed/'])).toBe(`refs/heads/${kept}`);
  });

  it('drops unmerged commits when told to', async () => {
    const first = await prepareTaskWorktree(r, 't3');
    if (!first.ok) throw new Error(first.message);
    repo.write('work.txt', 'scratch\n', first.worktree.path);
    repo.commitAll('throwaway', first.worktree.path);
    const again = await prepareTaskWorktree(r, 't3', { discardUnmerged: true });
    expect(again).toMatchObject({ ok: true, origin: 'checkout' });
    expect(again.ok && again.kept).toBeUndefined();
    expect(repo.git(['for-each-ref', 'refs/heads/br/failed/'])).toBe('');
  });

  it('recreates a worktree whose folder was deleted (stale registration) or was never registered', async () => {
    const first = await prepareTaskWorktree(r, 't4');
    if (!first.ok) throw new Error(first.message);
    await fs.rm(first.worktree.path, { recursive: true, force: true });
    expect(await prepareTaskWorktree(r, 't4')).toMatchObject({ ok: true, origin: 'checkout' });
    expect(repo.read('README.md', first.worktree.path)).toBe('# demo\n');

    // A bare folder, e.g. left by a crash inside `git worktree add`.
    const stray = path.join(r.worktreesDir, 't5');
    repo.write('junk.txt', 'junk\n', stray);
    expect(await prepareTaskWorktree(r, 't5')).toMatchObject({ ok: true, origin: 'checkout' });
    expect(existsSync(path.join(stray, 'junk.txt'))).toBe(false);
    expect(repo.git(['symbolic-ref', 'HEAD'], stray)).toBe('refs/heads/br/task/t5');
  });

  it('recovers a worktree whose registration is gone but whose branch remains', async () => {
    const first = await prepareTaskWorktree(r, 't6');
    if (!first.ok) throw new Error(first.message);
    await fs.rm(first.worktree.path, { recursive: true, force: true });
    repo.git(['worktree', 'prune']);
    expect(await prepareTaskWorktree(r, 't6')).toMatchObject({ ok: true, origin: 'checkout' });
    expect(repo.git(['rev-parse', 'HEAD'], first.worktree.path)).toBe(repo.git(['rev-parse', 'br/integration']));
  });

  const rebaseState = (taskId: string): string => path.join(repo.dir, '.git', 'worktrees', taskId, 'rebase-merge');

  it('reuses a worktree stopped in the middle of a rebase when the branch has nothing unmerged', async () => {
    const tip = advanceIntegration('a.txt');
    const first = await prepareTaskWorktree(r, 't7');
    if (!first.ok) throw new Error(first.message);
    const dir = first.worktree.path;
    // Stops after replaying the tip commit, leaving the rebase's state behind.
    expect(() => repo.git(['rebase', '-x', 'false', 'HEAD~1'], dir)).toThrow();
    expect(existsSync(rebaseState('t7'))).toBe(true);

    expect(await prepareTaskWorktree(r, 't7')).toMatchObject({ ok: true, origin: 'recovered' });
    expect(existsSync(rebaseState('t7'))).toBe(false);
    expect(repo.git(['symbolic-ref', 'HEAD'], dir)).toBe('refs/heads/br/task/t7');
    expect(repo.git(['rev-parse', 'HEAD'], dir)).toBe(tip);
  });

  it('keeps the work of a worktree stopped in a conflicted rebase and starts over', async () => {
    const first = await prepareTaskWorktree(r, 't8');
    if (!first.ok) throw new Error(first.message);
    const dir = first.worktree.path;
    repo.write('app/src/list.txt', 'task side\n', dir);
    const work = repo.commitAll('task', dir);
    repo.git(['checkout', '-q', '-b', 'scratch', 'br/integration']);
    repo.write('app/src/list.txt', 'integration side\n');
    repo.commitAll('conflicting');
    repo.git(['checkout', '-q', 'main']);
    repo.git(['branch', '-q', '-f', 'br/integration', 'scratch']);
    expect(() => repo.git(['rebase', 'br/integration'], dir)).toThrow();
    expect(existsSync(rebaseState('t8'))).toBe(true);

    const again = await prepareTaskWorktree(r, 't8');
    expect(again).toMatchObject({ ok: true, origin: 'checkout', kept: `br/failed/t8-${work.slice(0, 12)}` });
    expect(existsSync(rebaseState('t8'))).toBe(false);
    expect(repo.read('app/src/list.txt', dir)).toBe('integration side\n');
    expect(repo.git(['symbolic-ref', 'HEAD'], dir)).toBe('refs/heads/br/task/t8');
  });

  it('refuses an unusable task id and a missing integration branch', async () => {
    expect(await prepareTaskWorktree(r, '../escape')).toMatchObject({ ok: false, reason: 'invalid-task' });
    expect(await prepareTaskWorktree(r, 'a/b')).toMatchObject({ ok: false, reason: 'invalid-task' });
    expect(await prepareTaskWorktree(r, 't9', { integration: 'nope' })).toMatchObject({ ok: false, reason: 'no-integration' });
  });
});

describe('removeTaskWorktree', () => {
  let repo: TempRepo;
  afterEach(() => repo.cleanup());

  it('removes the worktree and deletes the branch at the given commit; a second call is a no-op', async () => {
    repo = await makeTempRepo();
    const r = await repo.open();
    await ensureIntegrationBranch(r);
    const wt = await prepareTaskWorktree(r, 'gone');
    if (!wt.ok) throw new Error(wt.message);
    repo.write('node_modules/big/index.js', 'x\n', wt.worktree.path);
    const opts = { deleteBranchAt: wt.worktree.base };
    expect(await removeTaskWorktree(r, wt.worktree, opts)).toEqual({ ok: true });
    expect(existsSync(wt.worktree.path)).toBe(false);
    expect(repo.git(['for-each-ref', 'refs/heads/br/task/'])).toBe('');
    expect(repo.git(['worktree', 'list', '--porcelain'])).not.toContain('gone');
    expect(await removeTaskWorktree(r, wt.worktree, opts)).toEqual({ ok: true });
  });

  it('does not delete a branch that moved past the commit it was told about', async () => {
    repo = await makeTempRepo();
    const r = await repo.open();
    await ensureIntegrationBranch(r);
    const wt = await prepareTaskWorktree(r, 'moved');
    if (!wt.ok) throw new Error(wt.message);
    repo.write('extra.txt', 'x\n', wt.worktree.path);
    const newer = repo.commitAll('more work', wt.worktree.path);
    expect(await removeTaskWorktree(r, wt.worktree, { deleteBranchAt: wt.worktree.base })).toMatchObject({ ok: false, reason: 'moved' });
    expect(repo.git(['rev-parse', 'br/task/moved'])).toBe(newer);
  });
});
