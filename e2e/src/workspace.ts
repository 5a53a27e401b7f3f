// A fresh Nx workspace in a temp dir that installs everything from the local registry, and a
// way to run commands in it with an environment that owes nothing to the caller's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';
import { run, type RunResult } from '../../tools/registry/run.mjs';

export const NX_VERSION = '23.2.1';

export interface Workspace {
  root: string;
  /** Runs a command in the workspace root; rejects on failure with the output's tail. */
  run(command: string, args: string[], timeoutMs?: number): Promise<RunResult>;
  /** `npx nx ...` without daemon, cloud or TUI. */
  nx(args: string[], timeoutMs?: number): Promise<RunResult>;
}

interface WorkspaceOptions {
  /** The e2e's temp dir: the workspace, npm's cache and npm's user config go inside it. */
  dir: string;
  registryUrl: string;
  logFile: string;
}

const GIT_IDENTITY = { name: 'nx-buildrunner e2e', email: 'e2e@nx-buildrunner.invalid' };

/**
 * The caller may be `npm test` inside `nx run`: its NX_* variables would point the inner nx at
 * the outer workspace, its npm_config_* ones would override the workspace's npmrc, and its PATH
 * leads to the outer node_modules/.bin. Keep only what a login shell would have.
 */
function isolatedEnv(dir: string, registryUrl: string): NodeJS.ProcessEnv {
  const keep = ['HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'SHELL', 'TERM'];
  const env: NodeJS.ProcessEnv = {};
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => !entry.split(sep).includes('node_modules'))
    .join(delimiter);
  return {
    ...env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
    npm_config_userconfig: join(dir, 'npmrc-user'),
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_registry: `${registryUrl}/`,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    GIT_AUTHOR_NAME: GIT_IDENTITY.name,
    GIT_AUTHOR_EMAIL: GIT_IDENTITY.email,
    GIT_COMMITTER_NAME: GIT_IDENTITY.name,
    GIT_COMMITTER_EMAIL: GIT_IDENTITY.email,
  };
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes package.json (nx pinned), nx.json, .npmrc and .gitignore, makes the first commit and
 * installs from the registry.
 */
export async function createWorkspace({ dir, registryUrl, logFile }: WorkspaceOptions): Promise<Workspace> {
  const root = join(dir, 'workspace');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(dir, 'npmrc-user'), '');
  const env = isolatedEnv(dir, registryUrl);
  const workspace: Workspace = {
    root,
    run: (command, args, timeoutMs) => run(command, args, { cwd: root, env, logFile, timeoutMs }),
    nx: (args, timeoutMs) => run('npx', ['--no-install', 'nx', ...args], { cwd: root, env, logFile, timeoutMs }),
  };

  writeJson(join(root, 'package.json'), {
    name: 'br-e2e-workspace',
    version: '0.0.0',
    private: true,
    devDependencies: { nx: NX_VERSION },
    // npm 11 runs no install scripts unless allowed; nx has a postinstall.
    allowScripts: { nx: true },
  });
  writeJson(join(root, 'nx.json'), { $schema: './node_modules/nx/schemas/nx-schema.json' });
  writeFileSync(join(root, '.npmrc'), `registry=${registryUrl}/\n`);
  writeFileSync(join(root, '.gitignore'), 'node_modules\n.nx\n');

  await workspace.run('git', ['init', '--quiet', '--initial-branch=main']);
  await workspace.run('git', ['add', '.']);
  await workspace.run('git', ['commit', '--quiet', '-m', 'Fresh workspace']);
  await workspace.run('npm', ['install', '--registry', `${registryUrl}/`, '--no-audit', '--no-fund'], 600_000);
  return workspace;
}
