import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deferred, fixture, gatedAgent, makeTask, makeWorkspace, SPEC, startApi, type Api, type Workspace } from './__fixtures__/workspace';
import { runTask } from './run-task';

const editA = makeTask('edit-a', { files: ['src/list.txt'], verify: ['grep -q "from A" src/list.txt'] });
const editB = makeTask('edit-b', { files: ['src/list.txt'], verify: ['grep -q "B)" src/list.txt'] });

let ws: Workspace | undefined;
let api: Api | undefined;

/**
 * Both tasks start from the same integration tip; A merges while B works, so B's change meets
 * A's on the same line. The agents are gated so the order never depends on timing.
 */
async function runBoth(scenario: string) {
  ws = await makeWorkspace();
  api = await startApi(fixture(scenario));
  const bStarted = deferred();
  const aDone = deferred();
  const agentA = gatedAgent(api.agent, bStarted.promise);
  const agentB = gatedAgent(api.agent, aDone.promise, bStarted.resolve);
  const a = runTask({ task: editA, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(agentA)).finally(aDone.resolve);
  const b = runTask({ task: editB, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(agentB));
  const [outcomeA, tipAfterA] = await a.then((o) => [o, ws?.tip()] as const);
  return { ws, api, outcomeA, tipAfterA, outcomeB: await b };
}

describe('runTask when two tasks change the same lines', () => {
  it('resolves the conflict with one agent turn, verifies the result and merges it', async () => {
    const { ws, api, outcomeA, outcomeB } = await runBoth('conflict.yaml');

    expect(outcomeA.success).toBe(true);
    expect(outcomeB.success).toBe(true);
    expect(outcomeB.message).toContain('after resolving a conflict');
    expect(ws.show('app/src/list.txt')).toBe('one\ntwo\nthree (from A and B)\nfour\nfive');

    const result = ws.result('edit-b');
    expect(result.usage.calls.filter((c) => c.purpose === 'conflict')).toHaveLength(2);
    expect(result.usage.calls.filter((c) => c.purpose === 'conflict').every((c) => c.attempt === 1)).toBe(true);
    // B's commit is the rebased one, on top of A's merge, and its patch is the change as merged.
    expect(ws.repo.git(['rev-parse', `${result.commit}^`])).toBe(ws.result('edit-a').integrationCommit);
    expect(ws.output('edit-b', 'change.patch')).toContain('-three (from A)\n+three (from A and B)');
    // The conflict turn saw the markers and is kept with the prompts.
    const conflictRequest = api.bodies().find((b) => b.includes('Resolve a merge conflict')) ?? '';
    expect(conflictRequest).toContain('Attempt: 2');
    expect(conflictRequest).toContain('<<<<<<<');
    expect(ws.output('edit-b', 'prompt.md')).toContain('# Resolve a merge conflict for `edit-b`');
    expect(existsSync(ws.worktree('edit-b'))).toBe(false);
  });

  it('fails without touching the integration branch when the turn does not resolve it, keeping the worktree', async () => {
    const { ws, outcomeA, tipAfterA, outcomeB } = await runBoth('conflict-unresolved.yaml');

    expect(outcomeA.success).toBe(true);
    expect(outcomeB.success).toBe(false);
    expect(outcomeB.message).toContain('edit-b conflicts with the integration branch in app/src/list.txt');
    expect(outcomeB.message).toContain('conflict markers are left in app/src/list.txt');
    expect(outcomeB.message).toContain(`the worktree is kept at ${ws.worktree('edit-b')}`);
    expect(ws.tip()).toBe(tipAfterA);
    expect(ws.show('app/src/list.txt')).toBe('one\ntwo\nthree (from A)\nfour\nfive');

    const result = ws.result('edit-b');
    expect(result).toMatchObject({ status: 'failed', worktree: ws.worktree('edit-b') });
    // The rebase was aborted: the worktree holds B's own commit, as it was before the merge.
    expect(readFileSync(`${ws.worktree('edit-b')}/app/src/list.txt`, 'utf8')).toBe('one\ntwo\nthree (from B)\nfour\nfive\n');
    expect(ws.output('edit-b', 'change.patch')).toContain('+three (from B)');
  });
});
