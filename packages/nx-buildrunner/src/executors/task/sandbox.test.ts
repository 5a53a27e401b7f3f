import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../fake-anthropic';
import { makeTask, makeWorkspace, SPEC, startApi, type Api, type Workspace } from './__fixtures__/workspace';
import { runTask } from './run-task';

const task = makeTask('escape', { files: ['src/ok.ts'], verify: ['test -s src/ok.ts'] });

let ws: Workspace | undefined;
let api: Api | undefined;
let outside: string | undefined;
afterEach(async () => {
  if (outside) rmSync(outside, { recursive: true, force: true });
  ws = api = outside = undefined;
});

/** The agent first tries to write `badPath`, then does the task properly. */
function escapeScenario(badPath: string): Scenario {
  return {
    tasks: {
      escape: {
        attempts: [
          {
            turns: [
              { tools: [{ name: 'create_file', input: { path: badPath, content: 'escaped\n' } }] },
              { tools: [{ name: 'create_file', input: { path: 'app/src/ok.ts', content: 'export const ok = true;\n' } }] },
              { text: 'Done.' },
            ],
          },
        ],
      },
    },
  };
}

/** Runs the task end to end; the escape must be refused, the rest must merge as usual. */
async function attempt(badPath: string, prepare?: (ws: Workspace) => void) {
  ws = await makeWorkspace();
  prepare?.(ws);
  api = await startApi(escapeScenario(badPath));
  const outcome = await runTask({ task, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));
  expect(outcome.success).toBe(true);
  // The answer to the bad call was an error the model could read.
  const reply = JSON.parse(api.bodies()[1] ?? '{}') as { messages: Array<{ content: unknown }> };
  const toolResult = JSON.stringify(reply.messages.at(-1)?.content);
  expect(toolResult).toContain('"is_error":true');
  // Only the legitimate file was committed and merged.
  expect(ws.result('escape').files).toEqual(['app/src/ok.ts']);
  return { ws, toolResult };
}

function makeOutside(): string {
  outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'br-outside-')));
  return outside;
}

describe('runTask keeps the agent inside its worktree', () => {
  it('refuses a relative path that climbs out with ..', async () => {
    const { ws, toolResult } = await attempt('../../../escaped.txt');
    expect(toolResult).toContain('outside the worktree');
    // Three levels up from the worktree is the user's checkout.
    expect(existsSync(path.join(ws.dir, 'escaped.txt'))).toBe(false);
    expect(existsSync(path.join(ws.dir, '.buildrunner', 'escaped.txt'))).toBe(false);
  });

  it('refuses an absolute path outside the worktree', async () => {
    const dir = makeOutside();
    const { toolResult } = await attempt(path.join(dir, 'escaped.txt'));
    expect(toolResult).toContain('outside the worktree');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to write through a symbolic link that leads outside', async () => {
    const dir = makeOutside();
    const { toolResult } = await attempt('app/outside-link/escaped.txt', (w) => {
      symlinkSync(dir, path.join(w.dir, 'app', 'outside-link'));
      w.repo.commitAll('a link to elsewhere');
    });
    expect(toolResult).toContain('through a symbolic link');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to write into .git', async () => {
    let hooksBefore: string[] = [];
    let configBefore = '';
    const { ws, toolResult } = await attempt('.git/hooks/post-merge', (w) => {
      hooksBefore = readdirSync(path.join(w.dir, '.git', 'hooks'));
      configBefore = readFileSync(path.join(w.dir, '.git', 'config'), 'utf8');
    });
    expect(toolResult).toContain('inside .git');
    expect(readdirSync(path.join(ws.dir, '.git', 'hooks'))).toEqual(hooksBefore);
    expect(readFileSync(path.join(ws.dir, '.git', 'config'), 'utf8')).toBe(configBefore);
  });
});
