import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './io';

/** The nearest folder at or above `cwd` holding `nx.json`: where Nx, the journal and results live. */
export function findWorkspaceRoot(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function workspaceRootOrThrow(cwd: string): string {
  const root = findWorkspaceRoot(cwd);
  if (root === undefined) throw new UsageError(`no nx.json in ${cwd} or above it: run br inside an Nx workspace with the nx-buildrunner plugin (nx add nx-buildrunner)`);
  return root;
}

/** The workspace's own Nx (not whichever one br was installed with): its version is the one the plugin runs under. */
export function nxBinary(root: string): string {
  let manifest: string;
  try {
    manifest = require.resolve('nx/package.json', { paths: [root] });
  } catch {
    throw new UsageError(`nx is not installed in ${root} (npm install -D nx)`);
  }
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> | string }).bin;
  const rel = typeof bin === 'string' ? bin : bin?.['nx'];
  if (rel === undefined) throw new UsageError(`${manifest} names no nx binary`);
  return join(dirname(manifest), rel);
}

/**
 * The environment Nx runs with: no daemon unless the user asked for one (a daemon outlives the
 * command and holds the workspace), and no terminal UI, since br prints its own summary after.
 */
export function nxEnv(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...env, NX_DAEMON: env['NX_DAEMON'] ?? 'false', NX_TUI: 'false', ...extra };
}
