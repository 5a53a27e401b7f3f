import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Without the daemon, every Nx command loads the plugin in a fresh worker and calls createNodes.
 * When the plan cache answers, that must not load the Markdown parser, the planner or
 * `@nx/devkit`'s index (together ~250 ms; tools/bench/graph measures the whole command). This
 * loads the built plugin the way Nx does, in a fresh process, and lists what it required.
 */

const PACKAGE = resolve(__dirname, '../..');
const TEXTKIT = resolve(PACKAGE, '../../examples/textkit/PROJECT_SPEC.md');

let ws: string;

/** Loads dist/index.js, runs createNodes once, and says which of our heavy modules got loaded. */
function createNodesInFreshProcess() {
  const script = `
    const { createNodes } = require(${JSON.stringify(join(PACKAGE, 'dist/index.js'))});
    createNodes[1](['app/PROJECT_SPEC.md'], {}, { workspaceRoot: ${JSON.stringify(ws)}, nxJsonConfiguration: {} })
      .then((results) => {
        const loaded = Object.keys(require.cache);
        const has = (part) => loaded.some((file) => file.includes(part));
        console.log(JSON.stringify({
          projects: Object.keys(results[0][1].projects).length,
          parser: has('/dist/spec/parse.js'),
          planner: has('/dist/plan/plan.js'),
          devkit: has('/@nx/devkit/'),
        }));
      });
  `;
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: ws,
    encoding: 'utf8',
    env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: join(ws, '.nx/workspace-data') },
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { projects: number; parser: boolean; planner: boolean; devkit: boolean };
}

beforeAll(() => {
  if (!existsSync(join(PACKAGE, 'dist/index.js'))) {
    throw new Error('Build the package first: cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json');
  }
  ws = mkdtempSync(join(tmpdir(), 'br-warm-'));
  mkdirSync(join(ws, 'app'));
  copyFileSync(TEXTKIT, join(ws, 'app/PROJECT_SPEC.md'));
});

afterAll(() => {
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('the plugin on a warm plan cache', () => {
  it('loads the parser and planner only when it has to plan', () => {
    const cold = createNodesInFreshProcess();
    expect(cold.parser).toBe(true);
    expect(cold.planner).toBe(true);

    const warm = createNodesInFreshProcess();
    expect(warm.projects).toBe(cold.projects);
    expect(warm.projects).toBeGreaterThan(1);
    expect(warm).toMatchObject({ parser: false, planner: false, devkit: false });
  });
});
