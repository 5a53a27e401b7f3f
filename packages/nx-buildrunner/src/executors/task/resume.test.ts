import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AgentBackend } from '../../agent/types';
import { commitTask } from '../../runtime/git/commit';
import { ensureIntegrationBranch } from '../../runtime/git/integration';
import { mergeTask } from '../../runtime/git/merge';
import type { Repo } from '../../runtime/git/repo';
import { prepareTaskWorktree, type TaskWorktree } from '../../runtime/git/worktree';
import { memorySink } from '../../runtime/journal/file-sink';
import { deliveryPath, saveDelivery } from '../../runtime/state/delivery';
import { fixture, INTEGRATION, makeTask, makeWorkspace, SPEC, startApi, type Api, type Workspace } from './__fixtures__/workspace';
import { runTask } from './run-task';

const hello = makeTask('add-hello', { files: ['src/hello.ts'], verify: ['grep -q Hello src/hello.ts'] });

let ws: Workspace | undefined;
let api: Api | undefined;

/** An agent that must not be called: the work it would do was verified by an earlier process. */
const noAgent: AgentBackend = {
  name: 'none',
  run: async () => {
    throw new Error('the agent was called again');
  },
};

/**
 * What a process killed after verification leaves: the verified worktree and the delivery
 * checkpoint, and nothing else (no result).
 */
async function verifiedAndKilled(w: Workspace): Promise<{ repo: Repo; wt: TaskWorktree; checkpoint: string }> {
  const opened = await w.openRepo();
  if (!opened.ok) throw new Error(opened.message);
  const repo = opened.repo;
  await ensureIntegrationBranch(repo, INTEGRATION);
  const prepared = await prepareTaskWorktree(repo, 'add-hello', { integration: INTEGRATION });
  if (!prepared.ok) throw new Error(prepared.message);
  const wt = prepared.worktree;
  w.repo.write('app/src/hello.ts', "export const hello = () => 'Hello';\n", wt.path);
  const checkpoint = deliveryPath(w.dir, SPEC, 'add-hello');
  const agent = { status: 'done' as const, summary: 'Wrote it.', filesWritten: ['app/src/hello.ts'], calls: [] };
  const verify = { ok: true, missingFiles: [], emptyFiles: [], commands: [], checks: [], durationMs: 3, summary: 'verified: 1 command passed' };
  await saveDelivery(
    checkpoint,
    {
      version: 1,
      taskId: hello.id,
      taskHash: hello.hash,
      integration: INTEGRATION,
      worktree: wt,
      specDir: 'app',
      attempts: [{ n: 1, agent, verify, durationMs: 10 }],
      prompts: [{ system: 'rules', user: 'Task: add-hello\nAttempt: 1' }],
      spentUsd: 0.01,
      timings: { worktreeMs: 1, contextMs: 2, agentMs: 3, verifyMs: 4 },
    },
    {},
  );
  return { repo, wt, checkpoint };
}

const taskCommits = (w: Workspace) => w.repo.git(['log', '--format=%H', '--fixed-strings', '--grep=BuildRunner-Task: add-hello', INTEGRATION]).split('\n').filter(Boolean);

describe('a delivery interrupted by a kill', () => {
  it('is committed and merged from the verified worktree, without the agent', async () => {
    ws = await makeWorkspace();
    const { checkpoint } = await verifiedAndKilled(ws);

    const outcome = await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(noAgent));

    expect(outcome).toMatchObject({ success: true, status: 'merged' });
    expect(ws.show('app/src/hello.ts')).toContain('Hello');
    expect(taskCommits(ws)).toHaveLength(1);
    const result = ws.result('add-hello');
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]?.agent.summary).toBe('Wrote it.');
    expect(result.timings).toMatchObject({ worktreeMs: 1, contextMs: 2, agentMs: 3, verifyMs: 4 });
    expect(existsSync(checkpoint)).toBe(false);
    expect(existsSync(ws.worktree('add-hello'))).toBe(false);
  });

  it('is only recorded when the merge had gone through: no second commit, no agent', async () => {
    ws = await makeWorkspace();
    const { repo, wt, checkpoint } = await verifiedAndKilled(ws);
    const committed = await commitTask(repo, wt, hello.title);
    if (!committed.ok || committed.status !== 'committed') throw new Error('no commit');
    const merged = await mergeTask(repo, { worktree: wt, commit: committed.commit, title: hello.title, integration: INTEGRATION, afterMerge: 'keep' });
    if (!merged.ok) throw new Error(merged.message);

    const outcome = await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(noAgent));

    expect(outcome).toMatchObject({ success: true, status: 'merged' });
    expect(outcome.message).toMatch(/stopped before recording it/);
    expect(taskCommits(ws)).toEqual([committed.commit]);
    expect(ws.result('add-hello')).toMatchObject({ commit: committed.commit, files: ['app/src/hello.ts'], integrationCommit: ws.tip() });
    expect(ws.output('add-hello', 'change.patch')).toContain("+export const hello = () => 'Hello';");
    expect(existsSync(checkpoint)).toBe(false);
    expect(existsSync(wt.path)).toBe(false);
    expect(ws.repo.git(['branch', '--list', 'br/task/*'])).toBe('');

    // And the next run finds the result: nothing to do at all.
    const again = await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(noAgent));
    expect(again.reused).toBe(true);
  });

  it('is not resumed for a task whose definition changed since: that one runs afresh', async () => {
    ws = await makeWorkspace();
    await verifiedAndKilled(ws);
    api = await startApi(fixture('write.yaml'));
    const edited = { ...hello, hash: 'hash-edited' };

    const outcome = await runTask({ task: edited, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));

    expect(outcome.success).toBe(true);
    expect(api.bodies().length).toBeGreaterThan(0);
    expect(existsSync(deliveryPath(ws.dir, SPEC, 'add-hello'))).toBe(false);
  });
});

describe('the journal of a task', () => {
  it('has its start, every step of every attempt, the files the agent wrote, and its end', async () => {
    ws = await makeWorkspace();
    api = await startApi(fixture('retry.yaml'));
    const sink = memorySink('run-1');

    await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, { ...ws.deps(api.agent), journal: sink });

    const seen = sink.events.map((e) => {
      if (e.type === 'task-step') return `${e.step}:${e.attempt}`;
      if (e.type === 'agent-tool') return `tool:${e.name}:${e.path ?? ''}:${e.ok}`;
      return e.type;
    });
    // The monitor's file-changed events come whenever the watcher reports; runtime/monitor tests them.
    expect(seen.filter((s) => !s.startsWith('tool:') && s !== 'file-changed')).toEqual([
      'task-start',
      'worktree:1',
      'context:1',
      'prompt:1',
      'agent:1',
      'verify:1',
      'context:2',
      'prompt:2',
      'agent:2',
      'verify:2',
      'merge:2',
      'record:2',
      'task-end',
    ]);
    expect(seen).toContain('tool:create_file:app/src/hello.ts:true');
    const end = sink.events.at(-1);
    const result = ws.result('add-hello');
    expect(end).toMatchObject({ type: 'task-end', task: 'add-hello', status: 'merged', attempts: 2, commit: result.commit, costUsd: result.usage.totals.costUsd, run: 'run-1' });
    expect(end?.type === 'task-end' && end.tokens.input).toBe(result.usage.totals.inputTokens);

    // A task found already merged journals only its end, marked reused.
    const again = memorySink('run-2');
    await runTask({ task: hello, workspaceRoot: ws.dir, spec: SPEC }, { ...ws.deps(api.agent), journal: again });
    expect(again.events.map((e) => e.type)).toEqual(['task-end']);
    expect(again.events[0]).toMatchObject({ status: 'merged', reused: true, costUsd: result.usage.totals.costUsd });
  });
});
