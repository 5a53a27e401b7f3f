import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, INTEGRATION, makeTask, makeWorkspace, SPEC, startApi, type Api, type Workspace } from './__fixtures__/workspace';
import { runTask } from './run-task';

const hello = makeTask('add-hello', { files: ['src/hello.ts'], verify: ["grep -q Hello src/hello.ts"] });

let ws: Workspace | undefined;
let api: Api | undefined;

async function setup(scenario: string): Promise<{ ws: Workspace; api: Api }> {
  ws = await makeWorkspace();
  api = await startApi(fixture(scenario));
  return { ws, api };
}

describe('runTask', () => {
  it('writes the task in a worktree, verifies it and merges it into the integration branch', async () => {
    const { ws, api } = await setup('write.yaml');
    const userHead = ws.repo.git(['rev-parse', 'HEAD']);

    const outcome = await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));

    expect(outcome).toMatchObject({ success: true, status: 'merged', reused: false });
    expect(outcome.message).toMatch(/^merged [0-9a-f]{12} into br\/integration \(1 attempt, \$/);
    expect(ws.show('app/src/hello.ts')).toBe("export const hello = () => 'Hello';");
    // The user's checkout is where it was; the work is on the integration branch only.
    expect(ws.repo.git(['rev-parse', 'HEAD'])).toBe(userHead);
    expect(existsSync(`${ws.dir}/app/src/hello.ts`)).toBe(false);
    expect(existsSync(ws.worktree('add-hello'))).toBe(false);

    const result = ws.result('add-hello');
    expect(result).toMatchObject({ status: 'merged', taskHash: 'hash-add-hello', files: ['app/src/hello.ts'], integrationCommit: ws.tip() });
    expect(ws.repo.git(['log', '-1', '--format=%s', result.commit ?? ''])).toBe('br(add-hello): Task add-hello');
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]?.verify?.ok).toBe(true);
    expect(result.usage.totals.calls).toBe(2);
    expect(result.usage.calls.every((c) => c.purpose === 'attempt' && c.attempt === 1)).toBe(true);
    expect(result.usage.totals.costUsd).toBeGreaterThan(0);
    expect(result.context?.budget).toBe(4_000);
    expect(result.context?.promptTokens).toBeGreaterThan(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.agentMs);

    expect(ws.output('add-hello', 'change.patch')).toContain('+export const hello = () => \'Hello\';');
    const prompt = ws.output('add-hello', 'prompt.md') ?? '';
    expect(prompt).toContain('Task: add-hello\nAttempt: 1');
    expect(prompt).toContain('`app/src/hello.ts` (new)');
    expect(prompt).toContain('grep -q Hello src/hello.ts');
  });

  it('feeds a failed verification back and succeeds on the second attempt', async () => {
    const { ws, api } = await setup('retry.yaml');

    const outcome = await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));

    expect(outcome.success).toBe(true);
    const result = ws.result('add-hello');
    expect(result.attempts.map((a) => a.verify?.ok)).toEqual([false, true]);
    expect(result.attempts[0]?.verify?.summary).toMatch(/grep -q Hello src\/hello.ts` exited with code 1/);
    expect(result.usage.calls.map((c) => c.attempt)).toEqual([1, 1, 2, 2]);
    expect(ws.show('app/src/hello.ts')).toContain("'Hello'");
    // The second attempt's prompt carried the failure; the model was sent it.
    const prompt = ws.output('add-hello', 'prompt.md') ?? '';
    expect(prompt).toContain('Task add-hello, attempt 2');
    expect(prompt).toContain('## Attempt 1 failed verification');
    expect(api.bodies()[2]).toContain('Attempt: 2');
    expect(api.bodies()[2]).toContain('exited with code 1');
  });

  it('fails after the last retry, keeping the worktree and leaving the integration branch alone', async () => {
    const { ws, api } = await setup('retry.yaml');
    ws.repo.git(['branch', INTEGRATION]);
    const before = ws.tip();
    const never = { ...hello, verify: ['grep -q Goodbye src/hello.ts'] };

    const outcome = await runTask({ task: never, workspaceRoot: ws.dir, spec: SPEC, verification: { retries: 1 } }, ws.deps(api.agent));

    expect(outcome.success).toBe(false);
    expect(outcome.message).toContain('verification failed');
    expect(outcome.message).toContain('(after 2 attempts)');
    expect(outcome.message).toContain(`the worktree is kept at ${ws.worktree('add-hello')}`);
    expect(ws.tip()).toBe(before);
    expect(existsSync(`${ws.worktree('add-hello')}/app/src/hello.ts`)).toBe(true);
    expect(ws.result('add-hello')).toMatchObject({ status: 'failed', worktree: ws.worktree('add-hello') });
    expect(ws.output('add-hello', 'change.patch')).toBeUndefined();
  });

  it('does not run a task again whose merged result is still in the integration branch', async () => {
    const { ws, api } = await setup('write.yaml');
    const input = { task: hello, workspaceRoot: ws.dir, spec: SPEC, dependencyHash: 'd1' };
    await runTask(input, ws.deps(api.agent));
    const calls = api.server.requests.length;
    const tip = ws.tip();

    const again = await runTask(input, ws.deps(api.agent));

    expect(again).toMatchObject({ success: true, reused: true, status: 'merged' });
    expect(again.message).toContain('already merged');
    expect(api.server.requests.length).toBe(calls);
    expect(ws.tip()).toBe(tip);

    // A changed upstream means the result is stale: the task runs (and finds nothing left to change).
    const stale = await runTask({ ...input, dependencyHash: 'd2' }, ws.deps(api.agent));
    expect(stale.reused).toBe(false);
    expect(api.server.requests.length).toBeGreaterThan(calls);
  });

  it('is blocked when a dependency has not merged, without touching git', async () => {
    const { ws, api } = await setup('write.yaml');
    const task = makeTask('needs-hello', { dependsOn: ['add-hello'] });

    const outcome = await runTask({ task, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));

    expect(outcome.status).toBe('blocked');
    expect(outcome.message).toContain('dependency add-hello has no usable result');
    expect(ws.result('needs-hello').status).toBe('blocked');
    expect(existsSync(ws.worktree('needs-hello'))).toBe(false);
    expect(api.server.requests).toHaveLength(0);
  });

  it('is blocked, naming the dependency, when a merged dependency is no longer in the integration branch', async () => {
    const { ws, api } = await setup('write.yaml');
    api.server.setScenario({
      tasks: {
        'add-other': { attempts: [{ turns: [{ tools: [{ name: 'create_file', input: { path: 'app/src/other.ts', content: 'export {};\n' } }] }, { text: 'Done.' }] }] },
        'add-hello': { attempts: [{ turns: [{ tools: [{ name: 'create_file', input: { path: 'app/src/hello.ts', content: "export const hello = () => 'Hello';\n" } }] }, { text: 'Done.' }] }] },
      },
    });
    await runTask({ task: makeTask('add-other', { files: ['src/other.ts'] }), workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));
    const otherOnly = ws.tip() ?? '';
    await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));
    const helloCommit = ws.result('add-hello').commit ?? '';
    // Someone resets the integration branch to before add-hello's merge.
    ws.repo.git(['update-ref', `refs/heads/${INTEGRATION}`, otherOnly]);
    const task = makeTask('needs-both', { dependsOn: ['add-other', 'add-hello'] });

    const outcome = await runTask({ task, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));

    expect(outcome.status).toBe('blocked');
    expect(helloCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(outcome.message).toContain(`dependency add-hello's commit ${helloCommit.slice(0, 12)} is not in ${INTEGRATION}`);
    expect(existsSync(ws.worktree('needs-both'))).toBe(false);
  });

  it("starts from the dependencies' merged work and shows what they produced", async () => {
    const { ws, api } = await setup('write.yaml');
    await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));
    api.server.setScenario({
      tasks: {
        'use-hello': {
          attempts: [{ turns: [{ tools: [{ name: 'run_command', input: { command: 'cat app/src/hello.ts > app/src/copy.ts' } }] }, { text: 'Copied.' }] }],
        },
      },
    });
    const task = makeTask('use-hello', { files: ['src/copy.ts'], dependsOn: ['add-hello'], verify: ['grep -q Hello src/copy.ts'] });

    const outcome = await runTask({ task, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));

    expect(outcome.success).toBe(true);
    expect(ws.show('app/src/copy.ts')).toContain('Hello');
    const prompt = ws.output('use-hello', 'prompt.md') ?? '';
    expect(prompt).toContain('## What finished dependencies produced');
    expect(prompt).toContain('### Task `add-hello`: Task add-hello');
    expect(prompt).toContain('Created app/src/hello.ts; the verify command passes.');
  });

  it('records a verified worktree without changes as merged with nothing to merge', async () => {
    const { ws, api } = await setup('write.yaml');
    const existing = makeTask('check-greet', { files: ['src/greet.ts'], verify: ['grep -q hello src/greet.ts'] });

    const outcome = await runTask({ task: existing, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));

    expect(outcome.success).toBe(true);
    expect(outcome.message).toContain('nothing to merge');
    const result = ws.result('check-greet');
    expect(result.commit).toBeUndefined();
    expect(result.integrationCommit).toBe(ws.tip());
    expect(result.files).toEqual([]);
    expect(existsSync(ws.worktree('check-greet'))).toBe(false);
  });
});
