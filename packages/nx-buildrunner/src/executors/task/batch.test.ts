import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../../agent/create';
import type { AgentBackend } from '../../agent/types';
import type { EstimateMinutes } from '../../plan/types';
import { makeTask, makeWorkspace, SPEC } from './__fixtures__/workspace';
import taskBatchExecutor, { batchWorkers, type BatchTaskResult } from './batch';
import type { TaskExecutorOptions } from './executor';

/** The agent: a shell that waits a little and writes `src/<task id>.txt`, unless the task is `skip-work`. */
const AGENT = {
  kind: 'command',
  command: 'sh',
  args: ['-c', 'sleep 0.2; [ "$1" = skip-work ] && exit 0; mkdir -p app/src && echo "$1" > "app/src/$1.txt"', 'sh', '{taskId}'],
};

function batchOf(specs: Array<{ id: string; dependsOn?: string[]; estimateMinutes?: EstimateMinutes }>): { graph: TaskGraph; inputs: Record<string, TaskExecutorOptions> } {
  const graph: TaskGraph = { roots: [], tasks: {}, dependencies: {}, continuousDependencies: {} };
  const inputs: Record<string, TaskExecutorOptions> = {};
  for (const { id, dependsOn = [], estimateMinutes = 60 } of specs) {
    const nxId = `br-${id}:br-task`;
    graph.tasks[nxId] = { id: nxId, target: { project: `br-${id}`, target: 'br-task' }, overrides: {}, outputs: [], cache: true, parallelism: true };
    graph.dependencies[nxId] = dependsOn.map((d) => `br-${d}:br-task`);
    graph.continuousDependencies[nxId] = [];
    if (dependsOn.length === 0) graph.roots.push(nxId);
    inputs[nxId] = {
      spec: SPEC,
      task: makeTask(id, { files: [`src/${id}.txt`], verify: [`test -f src/${id}.txt`], dependsOn, estimateMinutes }),
      featureHash: `f-${id}`,
      dependencyHash: `d-${id}`,
      agent: AGENT,
      verification: { retries: 0 },
    };
  }
  return { graph, inputs };
}

function context(root: string): ExecutorContext {
  return { root, cwd: root, isVerbose: false, projectsConfigurations: { version: 2, projects: {} }, nxJsonConfiguration: {}, projectGraph: { nodes: {}, dependencies: {} } };
}

describe('the batch implementation of the task executor', () => {
  it('runs a batch in dependency order in one process, skips what a failure blocks, and streams each result with its output', async () => {
    const ws = await makeWorkspace({ 'README.md': '# demo\n', [SPEC]: '# Spec\n' });
    const { graph, inputs } = batchOf([{ id: 'base' }, { id: 'skip-work', dependsOn: ['base'] }, { id: 'after', dependsOn: ['skip-work'] }, { id: 'alone' }]);
    let atOnce = 0;
    let most = 0;
    const counting = (options: Parameters<typeof createAgent>[0]): AgentBackend => {
      const inner = createAgent(options);
      return {
        name: inner.name,
        async run(request) {
          most = Math.max(most, ++atOnce);
          try {
            return await inner.run(request);
          } finally {
            atOnce -= 1;
          }
        },
      };
    };

    const results: BatchTaskResult[] = [];
    for await (const r of taskBatchExecutor(graph, inputs, {}, context(ws.dir), {
      env: { PATH: process.env['PATH'] ?? '', NX_PARALLEL: '2' },
      createAgent: counting,
      deps: { openRepo: ws.openRepo },
    })) {
      results.push(r);
    }

    const byTask = Object.fromEntries(results.map((r) => [r.task, r.result]));
    expect(Object.keys(byTask).sort()).toEqual(Object.keys(graph.tasks).sort());
    expect(byTask['br-base:br-task']).toMatchObject({ success: true, status: 'success' });
    expect(byTask['br-alone:br-task']).toMatchObject({ success: true, status: 'success' });
    expect(byTask['br-skip-work:br-task']).toMatchObject({ success: false, status: 'failure' });
    expect(byTask['br-after:br-task']).toMatchObject({ success: false, status: 'skipped', terminalOutput: '[after] skipped: br-skip-work failed\n' });
    // Each task's own lines, ending with what the single-task executor prints.
    expect(byTask['br-base:br-task']?.terminalOutput).toMatch(/\[base\] done: result in \.buildrunner\/results\/app\/PROJECT_SPEC\.md\/base\n$/);
    expect(byTask['br-base:br-task']?.terminalOutput).not.toContain('[alone]');
    expect(byTask['br-base:br-task']!.endTime!).toBeGreaterThanOrEqual(byTask['br-base:br-task']!.startTime!);
    // The skipped task comes back after the failure that blocked it, and never ran.
    expect(results.findIndex((r) => r.task === 'br-after:br-task')).toBeGreaterThan(results.findIndex((r) => r.task === 'br-skip-work:br-task'));
    expect(ws.output('after', 'result.json')).toBeUndefined();
    expect(most).toBe(2);
    expect(ws.show('app/src/base.txt')).toBe('base');
    expect(ws.show('app/src/alone.txt')).toBe('alone');
    expect(ws.result('skip-work')).toMatchObject({ status: 'failed' });
  });

  it("keeps a finished agent's turn for the next task of a chain that binds, instead of giving it to less urgent work", async () => {
    // Two agents: chain-1 and light-1 start. chain-1's agent is quick, light-1's takes a second.
    // When chain-1's agent is done, chain-2, light-2 and light-3 all wait for chain-1 alone and will
    // ask for an agent once it is merged, whichever is set up first. chain-2 heads the chain that
    // binds (2 agents x its 240 minutes of chain >= the 480 minutes left), so the freed turn is
    // kept for it; otherwise the first of the three to ask would take it.
    const ws = await makeWorkspace({ 'README.md': '# demo\n', [SPEC]: '# Spec\n' });
    const { graph, inputs } = batchOf([
      { id: 'chain-1' },
      { id: 'chain-2', dependsOn: ['chain-1'], estimateMinutes: 120 },
      { id: 'chain-3', dependsOn: ['chain-2'], estimateMinutes: 120 },
      { id: 'light-1' },
      { id: 'light-2', dependsOn: ['chain-1'] },
      { id: 'light-3', dependsOn: ['chain-1'] },
    ]);
    for (const input of Object.values(inputs)) {
      input.agent = { ...AGENT, args: ['-c', 'case "$1" in light-*) sleep 1 ;; esac; mkdir -p app/src && echo "$1" > "app/src/$1.txt"', 'sh', '{taskId}'] };
    }
    const started: string[] = [];
    const recording = (options: Parameters<typeof createAgent>[0]): AgentBackend => {
      const inner = createAgent(options);
      return { name: inner.name, run: (request) => (started.push(request.taskId), inner.run(request)) };
    };

    for await (const r of taskBatchExecutor(graph, inputs, {}, context(ws.dir), {
      env: { PATH: process.env['PATH'] ?? '', NX_PARALLEL: '2' },
      createAgent: recording,
      deps: { openRepo: ws.openRepo },
    })) {
      expect(r.result.success).toBe(true);
    }

    expect(started.slice(0, 2).sort()).toEqual(['chain-1', 'light-1']);
    expect(started[2]).toBe('chain-2');
    expect(started).toHaveLength(6);
  });

  it("takes how many tasks run at once from Nx's NX_PARALLEL, else Nx's default of 3", () => {
    expect(batchWorkers({ NX_PARALLEL: '8' })).toBe(8);
    expect(batchWorkers({})).toBe(3);
    expect(batchWorkers({ NX_PARALLEL: 'many' })).toBe(3);
    expect(batchWorkers({ NX_PARALLEL: '0' })).toBe(3);
  });
});
