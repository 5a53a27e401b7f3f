import { join } from 'node:path';

/**
 * The environment of every Nx a benchmark starts in its temp workspace: nothing inherited from an
 * outer Nx (a bench run from an Nx task would otherwise look like that task to the inner one), no
 * daemon, cloud, TUI or colour, and a cache and workspace data inside the workspace, never a
 * shared per-user folder.
 */
export function benchNxEnv(ws) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NX_')));
  return {
    ...env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
    NX_CACHE_DIRECTORY: join(ws, '.nx/cache'),
    NX_WORKSPACE_DATA_DIRECTORY: join(ws, '.nx/workspace-data'),
  };
}
