import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGitRunner } from '../exec';
import { openRepo, type OpenRepoOptions, type Repo } from '../repo';

/**
 * Temporary repositories for the git runtime's tests. The environment is hermetic: no global or
 * system git config (so no identity: the runtime's fallback is exercised as on a fresh CI box).
 */
export const hermeticEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: undefined,
  GIT_AUTHOR_EMAIL: undefined,
  GIT_COMMITTER_NAME: undefined,
  GIT_COMMITTER_EMAIL: undefined,
};
for (const key of Object.keys(hermeticEnv)) if (hermeticEnv[key] === undefined) delete hermeticEnv[key];

export interface TempRepo {
  dir: string;
  /** git in `cwd` (default the repo) as a user with an identity would run it; returns trimmed stdout. */
  git(args: string[], cwd?: string): string;
  write(rel: string, content: string | Buffer, cwd?: string): void;
  read(rel: string, cwd?: string): string;
  commitAll(message: string, cwd?: string): string;
  open(options?: OpenRepoOptions): Promise<Repo>;
  cleanup(): Promise<void>;
}

export const DEFAULT_FILES: Record<string, string> = {
  'README.md': '# demo\n',
  '.gitignore': 'node_modules/\ndist/\n',
  'app/PROJECT_SPEC.md': '# Spec\n',
  'app/src/greet.ts': 'export const greet = (n: string) => `hello ${n}`;\n',
  'app/src/list.txt': 'one\ntwo\nthree\nfour\nfive\n',
};

export async function makeTempRepo(files: Record<string, string> = DEFAULT_FILES): Promise<TempRepo> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'br-git-')));
  const git = (args: string[], cwd = dir): string =>
    execFileSync('git', ['-c', 'user.name=Test User', '-c', 'user.email=test@example.com', ...args], {
      cwd,
      env: hermeticEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  const write = (rel: string, content: string | Buffer, cwd = dir): void => {
    const file = path.join(cwd, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };
  const commitAll = (message: string, cwd = dir): string => {
    git(['add', '-A'], cwd);
    git(['commit', '-q', '--no-verify', '-m', message], cwd);
    return git(['rev-parse', 'HEAD'], cwd);
  };
  git(['init', '-q', '-b', 'main']);
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  commitAll('initial');
  return {
    dir,
    git,
    write,
    read: (rel, cwd = dir) => readFileSync(path.join(cwd, rel), 'utf8'),
    commitAll,
    open: async (options = {}) => {
      const opened = await openRepo(dir, { runner: createGitRunner({ env: hermeticEnv }), env: hermeticEnv, ...options });
      if (!opened.ok) throw new Error(opened.message);
      return opened.repo;
    },
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

export interface CheckoutSnapshot {
  head: string;
  indexSha256: string;
  status: string;
  /** File path to sha256 of its bytes. */
  files: Record<string, string>;
}

const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/**
 * Everything about the user's checkout that the runtime must never change: HEAD, the index
 * file's bytes, the status, and every file outside `.git` and `.buildrunner`.
 */
export async function snapshotCheckout(repo: TempRepo): Promise<CheckoutSnapshot> {
  const indexSha256 = sha(readFileSync(path.join(repo.dir, '.git', 'index')));
  const head = `${repo.git(['symbolic-ref', 'HEAD'])} ${repo.git(['rev-parse', 'HEAD'])}`;
  const files: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const e of await fs.readdir(path.join(repo.dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, e.name);
      if (child === '.git' || child === '.buildrunner') continue;
      if (e.isDirectory()) await walk(child);
      else files[child] = sha(await fs.readFile(path.join(repo.dir, child)));
    }
  };
  await walk('');
  // Without optional locks, status cannot refresh (rewrite) the index it reports on.
  const status = execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], {
    cwd: repo.dir,
    env: { ...hermeticEnv, GIT_OPTIONAL_LOCKS: '0' },
    encoding: 'utf8',
  });
  return { head, indexSha256, status, files };
}
