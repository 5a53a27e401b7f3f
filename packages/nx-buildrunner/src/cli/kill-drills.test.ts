import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Fault, Scenario } from '../fake-anthropic';
import { PAUSE_ENV, PAUSE_MARK_ENV } from '../runtime/state/test-pause';
import { assertBuilt, type BrProcess, killStartedBr, makeNxWorkspace, type NxWorkspace, scenarioFor, SPEC, spawnBr, type SpecTask, until } from './__fixtures__/nx-workspace';

/**
 * Kill drills: a real `br run` (br, Nx, the task processes) is killed with SIGKILL at a given
 * moment of a task's life, then started again with the same command. The second run must finish
 * without redoing finished work (the fake server counts every model call), without a second
 * commit for any task, and without leftover worktrees, branches, locks or half-written files.
 */

type Task = SpecTask & { id: string };
const ALPHA: Task = { id: 'alpha', title: 'Alpha', file: 'src/alpha.js', content: 'module.exports = 1;\n' };
const BETA: Task = { id: 'beta', title: 'Beta', file: 'src/beta.js', content: "module.exports = require('./alpha') + 1;\n", dependsOn: ['Feature 1'] };
const GAMMA: Task = { id: 'gamma', title: 'Gamma', file: 'src/gamma.js', content: 'module.exports = 3;\n' };
const RUN = ['run', '--auto', '--spec', SPEC];

let helpers: string;
let ws: NxWorkspace | undefined;
/** Processes a drill's verify command left behind (it runs in a process group of its own). */
const strays: number[] = [];

beforeAll(() => {
  assertBuilt();
  helpers = mkdtempSync(join(tmpdir(), 'br-drill-'));
});
afterEach(async () => {
  await killStartedBr();
  for (const pid of strays.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already ended.
    }
  }
  await ws?.cleanup();
  ws = undefined;
});
afterAll(() => rmSync(helpers, { recursive: true, force: true }));

interface Drill {
  tasks?: Task[];
  faults?: Fault[];
  /** Environment of the first run only (the test-only pause hooks). */
  env?: NodeJS.ProcessEnv;
  /** Waits for the moment to kill at. */
  killWhen(ws: NxWorkspace, br: BrProcess): Promise<void>;
  /** Tasks whose model calls must not grow after the kill, beyond those that had finished. */
  notRedone?: string[];
}

const ids = (tasks: readonly Task[]) => tasks.map((t) => t.id);

async function drill(d: Drill): Promise<{ ws: NxWorkspace; finished: string[]; second: string }> {
  const tasks = d.tasks ?? [ALPHA, BETA, GAMMA];
  const scenario: Scenario = { ...scenarioFor(tasks), ...(d.faults ? { faults: d.faults } : {}) };
  const w = (ws = await makeNxWorkspace(tasks, scenario));
  const br = spawnBr(w, RUN, d.env);
  await d.killWhen(w, br);
  const finished = ids(tasks).filter((id) => w.result(id)?.status === 'merged');
  const callsAtKill = new Map(ids(tasks).map((id) => [id, w.calls(id)]));
  await br.kill();

  const again = spawnBr(w, RUN);
  expect(await again.exited, again.output()).toBe(0);
  for (const id of new Set([...finished, ...(d.notRedone ?? [])])) expect(w.calls(id), `model calls of ${id}`).toBe(callsAtKill.get(id));
  for (const id of ids(tasks)) {
    expect(w.result(id)?.status, id).toBe('merged');
    expect(w.taskCommits(id), `commits of ${id}`).toHaveLength(1);
  }
  expect(w.leftovers()).toEqual([]);
  expect(again.output()).toMatch(/BuildRunner run \S+ of app\/PROJECT_SPEC\.md: complete/);
  // The killed run is ended in the journal, and its lock taken over.
  expect(again.output()).toMatch(/^br: recovered from an earlier run: ended 1 interrupted run/m);
  expect(w.journal().filter((e) => e.type === 'run-end').map((e) => e.type === 'run-end' && e.status)).toEqual(['failed', 'complete']);
  return { ws: w, finished, second: again.output() };
}

/** A model call (not a token count) for the task has reached the fake server. */
const requested = (w: NxWorkspace, task: string) => w.server.requests.some((r) => r.path === '/v1/messages' && r.location?.task === task);
/** Each drill runs Nx twice on two shared cores. */
const DRILL_MS = 240_000;

describe('kill -9 drills: a killed run, started again, finishes cleanly', () => {
  it('during the agent (a slow model turn)', async () => {
    const { finished } = await drill({
      faults: [{ kind: 'slow', delayMs: 120_000, match: { task: 'beta' }, times: 1 }],
      killWhen: (w) => until('beta at the agent', () => requested(w, 'beta')),
    });
    expect(finished).toContain('alpha');
    expect(finished).not.toContain('beta');
  }, DRILL_MS);

  it('during verification (a verify command that sleeps)', async () => {
    const marker = join(helpers, 'verify-started');
    const sleeper = join(helpers, 'sleep-once.js');
    writeFileSync(
      sleeper,
      `const fs = require('fs');\nif (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, String(process.pid)); setTimeout(() => {}, 120000); }\n`,
    );
    const beta = { ...BETA, verify: `node ${sleeper} && node -e "require('./src/beta.js')"` };
    const { finished } = await drill({
      tasks: [ALPHA, beta, GAMMA],
      killWhen: async (w) => {
        await until('beta verifying', () => existsSync(marker));
        strays.push(Number(readFileSync(marker, 'utf8')));
        expect(w.journal().filter((e) => e.type === 'task-step' && e.task === 'beta').at(-1)).toMatchObject({ step: 'verify' });
      },
    });
    expect(finished).toContain('alpha');
    expect(finished).not.toContain('beta');
  }, DRILL_MS);

  it('during the merge (its commit in the integration branch, its result not yet written)', async () => {
    const mark = join(helpers, 'merge-paused');
    const { ws: w, second } = await drill({
      env: { [PAUSE_ENV]: 'merge-done:beta:120000', [PAUSE_MARK_ENV]: mark },
      killWhen: async (w) => {
        await until('beta merged but not recorded', () => existsSync(mark));
        expect(w.taskCommits('beta')).toHaveLength(1);
        expect(w.result('beta')).toBeUndefined();
      },
      notRedone: ['beta'],
    });
    expect(w.result('beta')?.attempts).toHaveLength(1);
    expect(second).toMatch(/\[beta\] merged [0-9a-f]{12} into br\/integration \(the run that merged it stopped before recording it\)/);
  }, DRILL_MS);

  it('between tasks (one finished, the next not started)', async () => {
    const mark = join(helpers, 'start-paused');
    const { ws: w, finished } = await drill({
      tasks: [ALPHA, BETA],
      // Beta waits at its very start, before it journals or touches anything.
      env: { [PAUSE_ENV]: 'task-start:beta:120000', [PAUSE_MARK_ENV]: mark },
      killWhen: async (w) => {
        await until('alpha finished', () => w.journal().some((e) => e.type === 'task-end' && e.task === 'alpha'));
        await until('beta about to start', () => existsSync(mark));
      },
    });
    expect(finished).toEqual(['alpha']);
    const events = w.journal();
    const killedRun = events.find((e) => e.type === 'task-end' && e.task === 'alpha')?.run;
    expect(events.some((e) => e.run === killedRun && e.type === 'task-start' && e.task === 'beta')).toBe(false);
  }, DRILL_MS);

  it('while the run record is being written (half of it on disk)', async () => {
    const mark = join(helpers, 'state-paused');
    await drill({
      env: { [PAUSE_ENV]: 'state-write:alpha:120000', [PAUSE_MARK_ENV]: mark },
      killWhen: async (w) => {
        await until('the run record half written', () => existsSync(mark));
        expect(readdirSync(join(w.dir, '.buildrunner')).some((n) => n.startsWith('.run.json.') && n.endsWith('.tmp'))).toBe(true);
      },
    });
  }, DRILL_MS);
});

describe('a spec edited during a run', () => {
  it('does not disturb the run; the edit takes effect on the next run, for the edited task only', async () => {
    const tasks = [ALPHA, BETA, GAMMA];
    const w = (ws = await makeNxWorkspace(tasks, { ...scenarioFor(tasks), faults: [{ kind: 'slow', delayMs: 3_000, match: { task: 'alpha' }, times: 1 }] }));
    const br = spawnBr(w, RUN);
    await until('alpha at the agent', () => requested(w, 'alpha'));
    const spec = readFileSync(join(w.dir, SPEC), 'utf8');
    w.write(SPEC, spec.replace('- Gamma exists', '- Gamma exists and exports three'));
    expect(await br.exited, br.output()).toBe(0);
    const before = w.result('gamma');
    const calls = new Map(ids(tasks).map((id) => [id, w.calls(id)]));

    const again = spawnBr(w, RUN);
    expect(await again.exited, again.output()).toBe(0);
    expect(w.calls('alpha')).toBe(calls.get('alpha'));
    expect(w.calls('beta')).toBe(calls.get('beta'));
    expect(w.calls('gamma')).toBeGreaterThan(calls.get('gamma') ?? 0);
    expect(w.result('gamma')?.featureHash).not.toBe(before?.featureHash);
    expect(w.leftovers()).toEqual([]);
  }, DRILL_MS);
});
