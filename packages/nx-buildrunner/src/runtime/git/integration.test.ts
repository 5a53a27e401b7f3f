import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureIntegrationBranch } from './integration';
import { openRepo } from './repo';
import { createGitRunner, type GitRunner } from './exec';
import { ensureStateDirExcluded } from './state-dir';
import { hermeticEnv, makeTempRepo, snapshotCheckout, type TempRepo } from './__fixtures__/temp-repo';

describe('ensureIntegrationBranch', () => {
  let repo: TempRepo;
  afterEach(() => repo?.cleanup());

  it('creates the branch at HEAD without touching the checkout, index or dirty files', async () => {
    repo = await makeTempRepo();
    repo.write('README.md', '# dirty, not staged\n');
    repo.write('app/src/greet.ts', 'export const greet = 1;\n');
    repo.git(['add', 'app/src/greet.ts']);
    repo.write('app/src/greet.ts', 'export const greet = 2;\n');
    repo.write('untracked.txt', 'new\n');
    const before = await snapshotCheckout(repo);

    const result = await ensureIntegrationBranch(await repo.open());

    expect(result).toEqual({ ok: true, branch: 'br/integration', tip: repo.git(['rev-parse', 'HEAD']), created: true });
    expect(repo.git(['rev-parse', 'refs/heads/br/integration'])).toBe(repo.git(['rev-parse', 'HEAD']));
    expect(await snapshotCheckout(repo)).toEqual(before);
  });

  it('validates a branch once per repository handle, then only reads its tip, as a batch of tasks shares one', async () => {
    repo = await makeTempRepo();
    const opened = await repo.open();
    const asked: string[] = [];
    const r = { ...opened, git: (args: readonly string[], o?: Parameters<typeof opened.git>[1]) => (asked.push(args[0] ?? ''), opened.git(args, o)) };
    await ensureIntegrationBranch(r);
    asked.length = 0;
    repo.write('task.txt', 'done\n');
    repo.git(['update-ref', 'refs/heads/br/integration', repo.commitAll('moved by a task')]);

    const again = await ensureIntegrationBranch(r);
    const fresh = await ensureIntegrationBranch(await repo.open());

    expect(asked).toEqual(['for-each-ref']);
    expect(again).toEqual({ ok: true, branch: 'br/integration', tip: repo.git(['rev-parse', 'HEAD']), created: false });
    expect(fresh).toEqual(again);
  });

  it('leaves an existing integration branch where it is', async () => {
    repo = await makeTempRepo();
    const r = await repo.open();
    const first = await ensureIntegrationBranch(r, 'run/int');
    repo.write('more.txt', 'x\n');
    repo.commitAll('user keeps working');
    const second = await ensureIntegrationBranch(r, 'run/int');
    expect(first.ok && second.ok).toBe(true);
    expect(second).toMatchObject({ created: false, tip: first.ok ? first.tip : '' });
    expect(repo.git(['rev-parse', 'run/int'])).not.toBe(repo.git(['rev-parse', 'HEAD']));
  });

  it('refuses a branch that is checked out, a managed namespace, a bad name, an empty repo', async () => {
    repo = await makeTempRepo();
    const r = await repo.open();
    expect(await ensureIntegrationBranch(r, 'main')).toMatchObject({ ok: false, reason: 'checked-out', message: expect.stringContaining(`checked out in ${repo.dir}`) });
    expect(await ensureIntegrationBranch(r, 'br/task/x')).toMatchObject({ ok: false, reason: 'invalid-name' });
    expect(await ensureIntegrationBranch(r, 'bad..name')).toMatchObject({ ok: false, reason: 'invalid-name' });
    const empty = await fs.mkdtemp(path.join(path.dirname(repo.dir), 'br-empty-'));
    try {
      repo.git(['init', '-q', '-b', 'main'], empty);
      const opened = await openRepo(empty, { runner: createGitRunner({ env: hermeticEnv }), env: hermeticEnv });
      if (!opened.ok) throw new Error(opened.message);
      expect(await ensureIntegrationBranch(opened.repo)).toMatchObject({ ok: false, reason: 'no-commits' });
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
    }
  });
});

describe('openRepo', () => {
  let repo: TempRepo;
  afterEach(() => repo?.cleanup());

  it('finds the top level from a subfolder and reports a non-repository as a value', async () => {
    repo = await makeTempRepo();
    const opened = await openRepo(path.join(repo.dir, 'app', 'src'), { runner: createGitRunner({ env: hermeticEnv }) });
    expect(opened).toMatchObject({ ok: true, repo: { root: repo.dir, commonDir: path.join(repo.dir, '.git'), stateDir: path.join(repo.dir, '.buildrunner') } });
    const outside = await openRepo(path.dirname(repo.dir), { runner: createGitRunner({ env: hermeticEnv }) });
    expect(outside).toMatchObject({ ok: false, reason: 'git', message: expect.stringContaining('is not inside a git working tree') });
  });

  it('runs a command again when it trips over a worktree another process is still creating', async () => {
    repo = await makeTempRepo();
    const real = createGitRunner({ env: hermeticEnv });
    const calls: string[][] = [];
    let failures = 2;
    const flaky: GitRunner = async (args, call) => {
      calls.push([...args]);
      if (args.includes('worktree') && failures-- > 0) {
        return { args, code: 128, stdout: Buffer.alloc(0), stderr: 'fatal: failed to read .git/worktrees/p4/commondir: No such file or directory\n' };
      }
      return real(args, call);
    };
    const opened = await openRepo(repo.dir, { runner: flaky, env: hermeticEnv });
    if (!opened.ok) throw new Error(opened.message);
    const out = await opened.repo.git(['worktree', 'list', '--porcelain']);
    expect(out.code).toBe(0);
    expect(calls.filter((a) => a.includes('worktree'))).toHaveLength(3);
    const other = await opened.repo.git(['rev-parse', '--verify', 'nope']);
    expect(other.code).toBe(128);
    expect(calls.filter((a) => a.includes('nope'))).toHaveLength(1);
  });

  it('commits as the fallback identity only when the repository has none', async () => {
    repo = await makeTempRepo();
    const commitAs = async (): Promise<string> => {
      const r = await repo.open();
      const tree = repo.git(['rev-parse', 'HEAD^{tree}']);
      const out = await r.git(['commit-tree', tree, '-m', 'probe']);
      expect(out.code).toBe(0);
      return repo.git(['log', '-1', '--format=%an <%ae>|%cn <%ce>', out.stdout.toString().trim()]);
    };
    expect(await commitAs()).toBe('BuildRunner <buildrunner@localhost>|BuildRunner <buildrunner@localhost>');
    repo.git(['config', 'user.name', 'Repo Owner']);
    repo.git(['config', 'user.email', 'owner@example.com']);
    expect(await commitAs()).toBe('Repo Owner <owner@example.com>|Repo Owner <owner@example.com>');
  });
});

describe('ensureStateDirExcluded', () => {
  let repo: TempRepo;
  afterEach(() => repo?.cleanup());

  it('adds .buildrunner/ to info/exclude once and never edits .gitignore', async () => {
    repo = await makeTempRepo();
    const r = await repo.open();
    const gitignore = repo.read('.gitignore');
    expect(await ensureStateDirExcluded(r)).toEqual({ ok: true, added: ['/.buildrunner/'] });
    expect(await ensureStateDirExcluded(r)).toEqual({ ok: true, added: [] });
    const exclude = await fs.readFile(path.join(repo.dir, '.git', 'info', 'exclude'), 'utf8');
    expect(exclude.split('\n').filter((l) => l === '/.buildrunner/')).toHaveLength(1);
    expect(repo.read('.gitignore')).toBe(gitignore);
    repo.write('.buildrunner/locks/x.lock', '{}');
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('writes nothing when the user already ignores it, and covers a custom worktrees folder', async () => {
    repo = await makeTempRepo({ '.gitignore': '.buildrunner\n', 'a.txt': 'a\n' });
    const excludeFile = path.join(repo.dir, '.git', 'info', 'exclude');
    const before = await fs.readFile(excludeFile, 'utf8');
    expect(await ensureStateDirExcluded(await repo.open())).toEqual({ ok: true, added: [] });
    expect(await fs.readFile(excludeFile, 'utf8')).toBe(before);
    const custom = await repo.open({ worktreesDir: 'scratch/trees' });
    expect(await ensureStateDirExcluded(custom)).toEqual({ ok: true, added: ['/scratch/trees/'] });
  });
});
