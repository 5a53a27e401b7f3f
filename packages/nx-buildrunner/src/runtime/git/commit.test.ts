import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitTask, taskCommitMessage, taskPatch } from './commit';
import { ensureIntegrationBranch } from './integration';
import type { Repo } from './repo';
import { prepareTaskWorktree, type TaskWorktree } from './worktree';
import { hermeticEnv, makeTempRepo, type TempRepo } from './__fixtures__/temp-repo';

describe('taskCommitMessage', () => {
  it('names the task in the subject and a trailer, on one subject line', () => {
    expect(taskCommitMessage('f1-parse', 'Parse\nthe  input\t')).toBe('br(f1-parse): Parse the input\n\nBuildRunner-Task: f1-parse\n');
    expect(taskCommitMessage('t', '')).toBe('br(t): t\n\nBuildRunner-Task: t\n');
  });
});

describe('commitTask', () => {
  let repo: TempRepo;
  let r: Repo;
  let wt: TaskWorktree;
  beforeEach(async () => {
    repo = await makeTempRepo();
    r = await repo.open();
    await ensureIntegrationBranch(r);
    const prepared = await prepareTaskWorktree(r, 'f2-list');
    if (!prepared.ok) throw new Error(prepared.message);
    wt = prepared.worktree;
  });
  afterEach(() => repo.cleanup());

  it('commits every change but ignored files as one commit on the base, with its patch and files', async () => {
    repo.write('app/src/list.txt', 'one\ntwo\nTHREE\nfour\nfive\n', wt.path);
    repo.write('app/src/new file.ts', 'export {};\n', wt.path);
    repo.write('app/logo.bin', Buffer.from([0, 1, 2, 0xff, 0xfe, 0]), wt.path);
    repo.write('app/latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), wt.path);
    repo.write('node_modules/dep/index.js', 'ignored\n', wt.path);
    repo.git(['rm', '-q', 'README.md'], wt.path);

    const result = await commitTask(r, wt, 'Sort the list');

    if (!result.ok || result.status !== 'committed') throw new Error(JSON.stringify(result));
    expect(result.reused).toBe(false);
    expect(result.base).toBe(wt.base);
    expect(repo.git(['rev-parse', 'br/task/f2-list'])).toBe(result.commit);
    expect(repo.git(['rev-parse', `${result.commit}^@`])).toBe(wt.base);
    expect(repo.git(['log', '-1', '--format=%B', result.commit])).toBe('br(f2-list): Sort the list\n\nBuildRunner-Task: f2-list');
    expect(repo.git(['status', '--porcelain'], wt.path)).toBe('');
    expect([...result.files].sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual([
      { kind: 'deleted', path: 'README.md' },
      { kind: 'added', path: 'app/latin1.txt' },
      { kind: 'added', path: 'app/logo.bin' },
      { kind: 'modified', path: 'app/src/list.txt' },
      { kind: 'added', path: 'app/src/new file.ts' },
    ]);
    const expected = execFileSync('git', ['diff', '--binary', wt.base, result.commit], { cwd: repo.dir, env: hermeticEnv });
    expect(result.patch.equals(expected)).toBe(true);
    // The patch rebuilds the commit's tree from the base, binary and non-UTF-8 bytes included.
    const scratch = `${repo.dir}/.git/scratch-index`;
    const env = { ...hermeticEnv, GIT_INDEX_FILE: scratch };
    execFileSync('git', ['read-tree', wt.base], { cwd: repo.dir, env });
    execFileSync('git', ['apply', '--cached'], { cwd: repo.dir, env, input: result.patch });
    const rebuilt = execFileSync('git', ['write-tree'], { cwd: repo.dir, env, encoding: 'utf8' }).trim();
    expect(rebuilt).toBe(repo.git(['rev-parse', `${result.commit}^{tree}`]));
  });

  it('reports no changes, with the branch at its base even if the agent committed and reverted', async () => {
    repo.write('node_modules/only-ignored.js', 'x\n', wt.path);
    expect(await commitTask(r, wt, 'Nothing')).toEqual({ ok: true, status: 'no-changes', base: wt.base });
    expect(repo.git(['rev-parse', 'br/task/f2-list'])).toBe(wt.base);

    repo.write('a.txt', 'a\n', wt.path);
    repo.commitAll('agent adds', wt.path);
    repo.git(['rm', '-q', 'a.txt'], wt.path);
    repo.commitAll('agent reverts', wt.path);
    expect(await commitTask(r, wt, 'Nothing')).toEqual({ ok: true, status: 'no-changes', base: wt.base });
    expect(repo.git(['rev-parse', 'br/task/f2-list'])).toBe(wt.base);
    expect(repo.git(['status', '--porcelain'], wt.path)).toBe('');
  });

  it('finds its own commit when called again instead of committing twice', async () => {
    repo.write('a.txt', 'a\n', wt.path);
    const first = await commitTask(r, wt, 'A');
    const second = await commitTask(r, wt, 'A');
    if (!first.ok || first.status !== 'committed' || !second.ok || second.status !== 'committed') throw new Error('not committed');
    expect(second).toMatchObject({ reused: true, commit: first.commit });
    expect(second.patch.equals(first.patch)).toBe(true);
    expect(repo.git(['rev-list', '--count', `${wt.base}..br/task/f2-list`])).toBe('1');
  });

  it('squashes commits the agent made itself into the one task commit', async () => {
    repo.write('a.txt', 'a\n', wt.path);
    repo.commitAll('agent commit 1', wt.path);
    repo.write('b.txt', 'b\n', wt.path);
    repo.commitAll('agent commit 2', wt.path);
    repo.write('c.txt', 'c\n', wt.path);
    repo.git(['checkout', '-q', '--detach'], wt.path);

    const result = await commitTask(r, wt, 'Three files');

    if (!result.ok || result.status !== 'committed') throw new Error(JSON.stringify(result));
    expect(result.reused).toBe(false);
    expect(repo.git(['rev-list', '--count', `${wt.base}..br/task/f2-list`])).toBe('1');
    expect(repo.git(['log', '-1', '--format=%s', 'br/task/f2-list'])).toBe('br(f2-list): Three files');
    expect(result.files.map((f) => f.path).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(repo.git(['symbolic-ref', 'HEAD'], wt.path)).toBe('refs/heads/br/task/f2-list');
    expect(repo.git(['status', '--porcelain'], wt.path)).toBe('');
  });

  it('taskPatch diffs any two commits', async () => {
    repo.write('a.txt', 'a\n', wt.path);
    const made = await commitTask(r, wt, 'A');
    if (!made.ok || made.status !== 'committed') throw new Error('not committed');
    const again = await taskPatch(r, wt.base, made.commit);
    expect(again).toMatchObject({ ok: true, files: [{ kind: 'added', path: 'a.txt' }] });
    expect(again.ok && again.patch.equals(made.patch)).toBe(true);
    expect(await taskPatch(r, wt.base, 'f'.repeat(40))).toMatchObject({ ok: false, reason: 'git' });
  });
});
