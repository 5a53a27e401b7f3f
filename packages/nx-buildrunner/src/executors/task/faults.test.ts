import { describe, expect, it } from 'vitest';
import type { Fault } from '../../fake-anthropic';
import { snapshotCheckout } from '../../runtime/git/__fixtures__/temp-repo';
import { fixture, INTEGRATION, makeTask, makeWorkspace, SPEC, startApi, type Api, type Workspace } from './__fixtures__/workspace';
import { runTask } from './run-task';

const hello = makeTask('add-hello', { files: ['src/hello.ts'], verify: ['grep -q Hello src/hello.ts'] });

let ws: Workspace | undefined;
let api: Api | undefined;

async function runWith(fault: Fault) {
  ws = await makeWorkspace();
  api = await startApi(fixture('write.yaml'));
  api.server.injectFault(fault);
  const outcome = await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));
  return { ws, api, outcome };
}

describe('runTask against API faults', () => {
  // The status the fake sent: a dropped stream had started as a 200 before it was cut.
  const transient: Array<[string, Fault, number]> = [
    ['429 rate limit', { kind: '429', times: 2 }, 429],
    ['529 overloaded', { kind: '529', times: 2 }, 529],
    ['500 server error', { kind: '500', times: 2 }, 500],
    ['a stream dropped mid-reply', { kind: 'drop', times: 1, match: { turn: 1 } }, 200],
  ];

  for (const [name, fault, status] of transient) {
    it(`retries ${name} and then succeeds`, async () => {
      const { ws, api, outcome } = await runWith(fault);

      expect(outcome.success).toBe(true);
      expect(ws.show('app/src/hello.ts')).toContain('Hello');
      const faulted = api.server.requests.filter((r) => r.fault === fault.kind);
      expect(faulted).toHaveLength(fault.times ?? 0);
      expect(faulted.map((r) => r.status)).toEqual(faulted.map(() => status));
      // Only the calls that got an answer are paid for and recorded.
      expect(ws.result('add-hello').usage.totals.calls).toBe(2);
      // Each retry shows in the task's output.
      expect(ws.logs.filter((l) => l.includes('retrying'))).toHaveLength(fault.times ?? 0);
    });
  }

  it('fails the task with a clear message when the API keeps failing, leaving every branch and the checkout alone', async () => {
    ws = await makeWorkspace();
    ws.repo.git(['branch', INTEGRATION]);
    const before = { tip: ws.tip(), checkout: await snapshotCheckout(ws.repo), refs: ws.repo.git(['for-each-ref']) };
    api = await startApi(fixture('write.yaml'));
    api.server.injectFault({ kind: '500' });

    const outcome = await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));

    expect(outcome.success).toBe(false);
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/the anthropic agent failed on attempt 1: Anthropic API call failed: .*500/);
    expect(outcome.message).toContain(`the worktree is kept at ${ws.worktree('add-hello')}`);
    // No second attempt: it would meet the same outage.
    expect(ws.result('add-hello').attempts).toHaveLength(1);
    expect(ws.tip()).toBe(before.tip);
    expect(ws.repo.git(['for-each-ref', `refs/heads/${INTEGRATION}`])).toBe(before.refs.split('\n').find((l) => l.endsWith(INTEGRATION)));
    expect(await snapshotCheckout(ws.repo)).toEqual(before.checkout);
  });
});
