import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StatusView } from './status-view';
import type { CliIo } from './io';
import { runCli } from './program';
import { assertBuilt, killStartedBr, makeNxWorkspace, type NxWorkspace, scenarioFor, SPEC, spawnBr, type SpecTask, until } from './__fixtures__/nx-workspace';

/** `br run`, `br status`, `br verify` and `br graph` against a real Nx workspace and the fake Claude. */

type Task = SpecTask & { id: string };
const ALPHA: Task = { id: 'alpha', title: 'Alpha', file: 'src/alpha.js', content: 'module.exports = 1;\n' };
const BETA: Task = { id: 'beta', title: 'Beta', file: 'src/beta.js', content: "module.exports = require('./alpha') + 1;\n", dependsOn: ['Feature 1'] };
const GAMMA: Task = { id: 'gamma', title: 'Gamma', file: 'src/gamma.js', content: 'module.exports = 3;\n' };
const TASKS = [ALPHA, BETA, GAMMA];
/** Nx runs at least once per test on two shared cores. */
const NX_MS = 240_000;

interface Captured extends CliIo {
  stdout: string;
  stderr: string;
}

function io(w: NxWorkspace, cwd = w.dir): Captured {
  const c: Captured = {
    stdout: '',
    stderr: '',
    cwd,
    env: w.env,
    out: (t) => void (c.stdout += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => void (c.stderr += t.endsWith('\n') ? t : `${t}\n`),
  };
  return c;
}

let ws: NxWorkspace | undefined;
beforeAll(assertBuilt);
afterEach(async () => {
  await killStartedBr();
  await ws?.cleanup();
  ws = undefined;
});

async function br(w: NxWorkspace, ...args: string[]): Promise<Captured & { code: number }> {
  const c = io(w);
  const code = await runCli(args, c);
  return Object.assign(c, { code });
}

describe('br run', () => {
  it('keeps going past a failed task, reports its dependents blocked, and finishes on the next run without redoing anything', async () => {
    const broken = { ...ALPHA, content: "throw new Error('alpha is broken');\n" };
    const w = (ws = await makeNxWorkspace(TASKS, scenarioFor([broken, BETA, GAMMA])));

    const failing = await br(w, 'run', '--auto', '--spec', SPEC);
    expect(failing.code, failing.stdout + failing.stderr).toBe(1);
    // One batch process for the three tasks, not a process each; beta comes back to Nx skipped, unrun.
    expect(failing.stdout).toContain('Running 3 tasks with nx-buildrunner:task');
    expect(failing.stdout).toMatch(/Tasks not run because their dependencies failed[^\n]*:\n\n- br-beta:br-task\n/);
    expect(failing.stdout).not.toContain('> nx run br-beta:br-task');
    expect(failing.stdout).toMatch(/: incomplete\n/);
    expect(failing.stdout).toMatch(/tasks {5}1 merged, 1 failed, 1 blocked, 0 not run \(of 3\)/);
    expect(failing.stdout).toMatch(/ {2}blocked {3}beta: blocked: alpha failed/);
    expect(failing.stdout).toMatch(/ {2}failed {4}alpha: /);
    expect(w.result('gamma')?.status).toBe('merged');
    expect(w.journal().find((e) => e.type === 'task-end' && e.task === 'beta')).toMatchObject({ status: 'blocked', message: 'blocked: alpha failed' });
    expect(w.journal().at(-1)).toMatchObject({ type: 'run-end', status: 'incomplete' });

    const status = await br(w, 'status', '--json', '--spec', SPEC);
    const view = JSON.parse(status.stdout) as StatusView;
    expect(view.tasks.map((t) => [t.task, t.state])).toEqual([
      ['alpha', 'failed'],
      ['beta', 'blocked'],
      ['gamma', 'merged'],
    ]);
    expect(view.tasks[0]).toMatchObject({ attempts: 1 });
    expect(view.tasks[0]?.costUsd).toBeGreaterThan(0);
    expect(view.totals.byState).toMatchObject({ merged: 1, failed: 1, blocked: 1 });
    expect(view.requirements?.totals).toMatchObject({ requirements: { total: 3, verified: 1 }, acceptance: { total: 3, verified: 1 } });
    expect(view.complete).toBe(false);
    expect(view.run).toMatchObject({ status: 'incomplete', spec: SPEC, workers: 1 });

    w.server.setScenario(scenarioFor(TASKS));
    const gammaCalls = w.calls('gamma');
    const fixed = await br(w, 'run', '--auto', '--spec', SPEC, '--parallel', '--workers', '2');
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/tasks {5}3 merged \(1 already done\), 0 failed, 0 blocked, 0 not run \(of 3\)/);
    expect(fixed.stdout).toMatch(/2 workers/);
    expect(w.calls('gamma')).toBe(gammaCalls);
    expect(w.leftovers()).toEqual([]);

    const calls = w.server.requests.length;
    const again = await br(w, 'run', '--auto', '--spec', SPEC);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/3 merged \(3 already done\)/);
    expect(again.stdout).toMatch(/cost {6}\$0\.0000 this run; \$0\.\d+ for all merged work/);
    expect(w.server.requests.length).toBe(calls);
    for (const t of TASKS) expect(w.taskCommits(t.id)).toHaveLength(1);

    const table = await br(w, 'status', '--spec', SPEC, '--requirements');
    expect(table.stdout).toMatch(/^alpha +merged +- +1 +/m);
    expect(table.stdout).toMatch(/3 tasks: 3 merged; time/);
    expect(table.stdout).toMatch(/^requirements: 3 of 3 verified; acceptance criteria: 3 of 3 verified$/m);
    expect(table.stdout).toMatch(/^ +verified +beta\.r1 +Beta exists \(line \d+\)\n +<- beta merged$/m);
    expect(table.stdout).toMatch(/^COMPLETE: /m);
  }, NX_MS);

  it('runs one task with the tasks it depends on, and nothing else', async () => {
    const w = (ws = await makeNxWorkspace(TASKS, scenarioFor(TASKS)));
    const one = await br(w, 'run', '--task', 'beta', '--spec', SPEC);
    expect(one.code, one.stdout + one.stderr).toBe(0);
    expect(one.stdout).toMatch(/tasks {5}2 merged, 0 failed, 0 blocked, 0 not run \(of 2\)/);
    expect(w.result('gamma')).toBeUndefined();
    expect(w.calls('gamma')).toBe(0);
    expect(w.journal().find((e) => e.type === 'run-start')).toMatchObject({ tasks: ['alpha', 'beta'] });
  }, NX_MS);

  it('says what is wrong with the command line', async () => {
    const w = (ws = await makeNxWorkspace([ALPHA], scenarioFor([ALPHA])));
    const none = await br(w, 'run', '--spec', SPEC);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/say what to run: --auto .* or --task ID/);
    const both = await br(w, 'run', '--auto', '--task', 'alpha', '--spec', SPEC);
    expect(both.code).toBe(2);
    const workers = await br(w, 'run', '--auto', '--workers', '0', '--spec', SPEC);
    expect(workers.code).toBe(2);
    const outside = mkdtempSync(join(tmpdir(), 'br-no-ws-'));
    try {
      writeFileSync(join(outside, 'PROJECT_SPEC.md'), '# x\n');
      const c = io(w, outside);
      expect(await runCli(['run', '--auto'], c)).toBe(2);
      expect(c.stderr).toMatch(/no nx\.json/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('br status --watch', () => {
  it('follows a run live: the step each task is on and the file its agent just wrote, until the run ends', async () => {
    const tasks = [ALPHA, GAMMA];
    // Alpha's second model turn is slow: it has written its file and is waiting on the model.
    const w = (ws = await makeNxWorkspace(tasks, { ...scenarioFor(tasks), faults: [{ kind: 'slow', delayMs: 3_000, match: { task: 'alpha', turn: 1 }, times: 1 }] }));
    const bg = spawnBr(w, ['run', '--auto', '--spec', SPEC]);
    await until('the run to start', () => w.journal().some((e) => e.type === 'run-start'));

    const watched = await br(w, 'status', '--watch', '--spec', SPEC);
    expect(watched.code).toBe(0);
    const frames = watched.stdout.split(/^run /m).filter(Boolean);
    expect(frames.length).toBeGreaterThan(2);
    expect(watched.stdout).toMatch(/^alpha +running +agent +1 +\S+ +- +- +wrote (app\/)?src\/alpha\.js$/m);
    expect(frames.at(-1)).toMatch(/^\S+: complete/);
    expect(frames.at(-1)).toMatch(/^alpha +merged/m);
    expect(frames.at(-1)).toMatch(/^gamma +merged/m);
    expect(await bg.exited).toBe(0);
  }, NX_MS);
});

describe('br verify and br graph', () => {
  it('re-checks merged tasks on the integration branch and fails when the branch no longer passes', async () => {
    const w = (ws = await makeNxWorkspace([ALPHA, GAMMA], scenarioFor([ALPHA, GAMMA])));
    expect((await br(w, 'run', '--auto', '--spec', SPEC)).code).toBe(0);

    const ok = await br(w, 'verify');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ok {3}alpha: verified: 1 command passed/m);
    expect(ok.stdout).toMatch(/^all 2 merged tasks verified$/m);

    // Someone breaks alpha on the integration branch after it merged.
    const scratch = mkdtempSync(join(tmpdir(), 'br-break-'));
    try {
      w.git('worktree', 'add', '-q', join(scratch, 'wt'), 'br/integration');
      writeFileSync(join(scratch, 'wt/app/src/alpha.js'), "throw new Error('broken later');\n");
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'break alpha'], { cwd: join(scratch, 'wt') });
      w.git('worktree', 'remove', '--force', join(scratch, 'wt'));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const broken = await br(w, 'verify', 'alpha');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^FAIL alpha: failed: /m);
    expect(broken.stdout).toMatch(/broken later/);
    const all = await br(w, 'verify');
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^ok {3}gamma/m);
    expect(all.stdout).toMatch(/^1 of 2 merged tasks failed verification$/m);
    expect(w.git('worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '))).toHaveLength(1);

    const unknown = await br(w, 'verify', 'nope');
    expect(unknown.code).toBe(2);

    const graph = await br(w, 'graph', '--file', 'graph.json');
    expect(graph.code).toBe(0);
    expect(existsSync(join(w.dir, 'graph.json'))).toBe(true);
    const nodes = Object.keys((JSON.parse(readFileSync(join(w.dir, 'graph.json'), 'utf8')) as { graph: { nodes: object } }).graph.nodes);
    expect(nodes).toEqual(expect.arrayContaining(['br-alpha', 'br-gamma']));
  }, NX_MS);
});
