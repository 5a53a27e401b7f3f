import { join } from 'node:path';

/**
 * What every Nx a test starts in a temp workspace runs with: no daemon left behind, no TUI or
 * colour in the output the test reads, no Nx Cloud, and a cache and workspace data of the
 * workspace's own. Nx 23 otherwise shares one local cache between checkouts of a repository
 * (~/.nx/<id>), and each workspace here stands for a machine of its own.
 */
export function isolatedNxEnv(workspace: string): NodeJS.ProcessEnv {
  return {
    NX_DAEMON: 'false',
    NX_TUI: 'false',
    NX_NO_CLOUD: 'true',
    FORCE_COLOR: '0',
    CI: 'true',
    NX_CACHE_DIRECTORY: join(workspace, '.nx/cache'),
    NX_WORKSPACE_DATA_DIRECTORY: join(workspace, '.nx/workspace-data'),
  };
}
