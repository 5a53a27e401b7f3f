import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectGraphProjectNode } from '@nx/devkit';
import { fileJournalSink } from '../runtime/journal/file-sink';
import { journalPath } from '../runtime/journal/paths';
import type { TaskOutcome } from '../runtime/state/outcome';
import { withDependencies } from './commands/run';
import type { CliIo } from './io';
import { graphTasks } from './nx';
import { runCli } from './program';
import { renderRunSummary } from './run-summary';
import type { StatusView } from './status-view';
import { findWorkspaceRoot } from './workspace';

const SPEC = `# PROJECT_SPEC - Tiny

## Features

### Feature 1: Alpha
**Requirements:**
- alpha exists

**Acceptance Criteria:**
- [ ] alpha loads

### Feature 2: Beta
**Depends on:** Feature 1

**Requirements:**
- beta exists
`;

const tokens = { input: 1000, output: 200, cacheRead: 5000, cacheWrite: 300 };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'br-status-'));
  writeFileSync(join(dir, 'nx.json'), '{}');
  writeFileSync(join(dir, 'PROJECT_SPEC.md'), SPEC);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io(cwd = dir): CliIo & { stdout: string; stderr: string } {
  const c = { stdout: '', stderr: '', cwd, env: {}, out: (t: string) => void (c.stdout += `${t}\n`), err: (t: string) => void (c.stderr += `${t}\n`) };
  return c;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

describe('br status', () => {
  it('lists every task of the spec as pending before any run', async () => {
    const c = io();
    expect(await runCli(['status'], c)).toBe(0);
    expect(c.stdout).toMatch(/^no run yet in /);
    expect(c.stdout).toMatch(/^alpha +pending +- +- +- +- +-/m);
    expect(c.stdout).toMatch(/^2 tasks: 2 pending; time 0ms, tokens 0, cost \$0\.0000$/m);
    expect(c.stdout).toMatch(/^requirements: 0 of 2 verified; acceptance criteria: 0 of 1 verified$/m);
  });

  it('shows what the journal says, and a task whose process died as pending again', async () => {
    const dead = await deadPid();
    const sink = fileJournalSink(journalPath(dir), { run: 'r1', pid: dead });
    sink.append({ type: 'run-start', spec: 'PROJECT_SPEC.md', tasks: ['alpha', 'beta'], workers: 2, command: 'br run --auto' });
    sink.append({ type: 'task-start', task: 'alpha', attempt: 1 });
    sink.append({ type: 'task-end', task: 'alpha', status: 'merged', attempts: 2, durationMs: 65_000, tokens, costUsd: 0.0123, commit: 'abcdef0123456789', message: 'merged' });
    sink.append({ type: 'task-start', task: 'beta', attempt: 1 });
    sink.append({ type: 'task-step', task: 'beta', step: 'agent', attempt: 1 });
    sink.close();

    const c = io();
    expect(await runCli(['status', '--requirements'], c)).toBe(0);
    expect(c.stdout).toMatch(/^run r1: interrupted, started \d\d:\d\d:\d\d UTC/m);
    expect(c.stdout).toMatch(/^alpha +merged +- +2 +1m 05s +6,500 +\$0\.0123 +commit abcdef012345$/m);
    expect(c.stdout).toMatch(/^beta +pending +- +1 +.* interrupted: its process is gone$/m);
    // Traceability goes by the tasks' results, and none was written here: nothing is verified yet.
    expect(c.stdout).toMatch(/^ +pending +alpha\.r1 +alpha exists \(line \d+\)$/m);
    expect(c.stdout).toMatch(/^INCOMPLETE: /m);

    const j = io();
    expect(await runCli(['status', '--json'], j)).toBe(0);
    const view = JSON.parse(j.stdout) as StatusView;
    expect(view.tasks.map((t) => t.state)).toEqual(['merged', 'pending']);
    expect(view.totals).toMatchObject({ tasks: 2, costUsd: 0.0123, tokens });
    expect(view.requirements?.totals.requirements).toEqual({ total: 2, verified: 0 });
    expect(view.complete).toBe(false);
  });

  it('with --watch and no run going, prints once and returns', async () => {
    const c = io();
    expect(await runCli(['status', '--watch'], c)).toBe(0);
    expect(c.stdout.match(/^no run yet/gm)).toHaveLength(1);
  });

  it('without a spec, lists the tasks the journal knows', async () => {
    rmSync(join(dir, 'PROJECT_SPEC.md'));
    fileJournalSink(journalPath(dir), { run: 'nx-1', pid: await deadPid() }).append({ type: 'task-start', task: 'zeta', attempt: 1 });
    const c = io();
    expect(await runCli(['status'], c)).toBe(0);
    expect(c.stdout).toMatch(/^zeta +pending/m);
    expect(c.stdout).not.toMatch(/requirements:/);
  });
});

describe('the run summary', () => {
  it('counts outcomes, spend of this run, coverage, and names what failed and why', () => {
    const outcomes: TaskOutcome[] = [
      { task: 'a', state: 'merged', source: 'ran', message: '' },
      { task: 'b', state: 'merged', source: 'reused', message: 'restored', result: { usage: { totals: { costUsd: 0.5 } } } as TaskOutcome['result'] },
      { task: 'c', state: 'failed', source: 'ran', message: 'verification failed: x\nmore' },
      { task: 'd', state: 'blocked', source: 'blocked', message: 'blocked: c failed' },
    ];
    const state = { task: 'a', state: 'merged' as const, attempts: 1, durationMs: 1, tokens, costUsd: 0.25, flags: { warning: 0, error: 0 }, run: 'r' };
    const text = renderRunSummary({
      runId: 'r',
      spec: 'app/PROJECT_SPEC.md',
      outcomes,
      states: { a: state, c: { ...state, task: 'c', state: 'failed', costUsd: 0.1 } },
      batches: 3,
      levels: 2,
      workers: 2,
      wallMs: 75_000,
      results: '.buildrunner/results/app/PROJECT_SPEC.md',
      journal: '.buildrunner/journal.jsonl',
      integration: 'br/integration',
      coverage: { requirements: { total: 3, verified: 2 }, acceptance: { total: 2, verified: 1 } },
      complete: false,
      interrupted: false,
    });
    expect(text).toContain('BuildRunner run r of app/PROJECT_SPEC.md: incomplete');
    expect(text).toContain('tasks     2 merged (1 already done), 1 failed, 1 blocked, 0 not run (of 4)');
    expect(text).toContain('plan      3 batches in 2 parallel levels; 2 workers');
    expect(text).toContain('time      1m 15s wall');
    expect(text).toContain('tokens    13,000 (input 2,000, output 400, cache read 10,000, cache write 600)');
    expect(text).toContain('cost      $0.3500 this run; $0.7500 for all merged work');
    expect(text).toContain('coverage  2 of 3 requirements and 1 of 2 acceptance criteria verified (br status --requirements)');
    expect(text).toContain('  failed    c: verification failed: x\n');
    expect(text).toContain('  blocked   d: blocked: c failed');
    expect(text).toContain('run the same command again to retry');
  });
});

describe('finding the tasks', () => {
  const node = (name: string, id: string, dependsOn: string[] = [], executor = 'nx-buildrunner:task'): ProjectGraphProjectNode => ({
    name,
    type: 'lib',
    data: {
      root: name,
      targets: { 'br-task': { executor, options: { spec: 'app/PROJECT_SPEC.md', task: { id, title: id, hash: `h-${id}`, dependsOn } } } },
    },
  });

  it('takes the task projects from the graph, and a task with everything it depends on', () => {
    const tasks = graphTasks({ 'br-a': node('br-a', 'a'), 'br-b': node('br-b', 'b', ['a']), 'br-c': node('br-c', 'c', ['b']), 'br-d': node('br-d', 'd'), lib: node('lib', 'x', [], 'nx:run-commands') });
    expect(tasks.map((t) => `${t.project}:${t.target}`)).toEqual(['br-a:br-task', 'br-b:br-task', 'br-c:br-task', 'br-d:br-task']);
    expect(withDependencies(tasks, 'c').map((t) => t.options.task.id)).toEqual(['a', 'b', 'c']);
    expect(withDependencies(tasks, 'nope')).toEqual([]);
  });

  it('finds the workspace above the current directory', () => {
    const sub = join(dir, 'a', 'b');
    mkdirSync(sub, { recursive: true });
    expect(findWorkspaceRoot(sub)).toBe(dir);
  });
});
