#!/usr/bin/env node
// A whole run, as figures (no pass/fail): a generated spec of N one-task features with a
// realistic dependency graph, each task's agent a shell that sleeps the task's synthetic duration
// and writes one file. For each worker count W and each mode:
//   br       `br run --auto --workers W`: what a user runs. Nx hands every task to one batch
//            process (executors/task/batch.ts); W bounds the agents at work.
//   process  `nx run-many -t br-task --parallel=W --batch=false`: a Node process per task, as Nx
//            runs an executor without a batch implementation (the baseline).
//
// For each run: the makespan (the command's wall time, and the span from the first task's start
// to the last one's end), against the lower bound max(critical path, total work / W) where work
// is sleep time only, so the bound holds whatever the machine; and the orchestration overhead per
// task, (makespan * W - total work) / tasks. Then where the time goes: start-up, the time after
// the last task, the executor's own steps from each result.json, the links of the chains from
// the journal, and the CPU of the whole run.
// The ideal schedule: the batch's rule run with no overhead, to tell the graph's slack from the
// runner's. Target: makespan within 1.15 x the bound.
//
// The durations stand for agent runs: 1-6 s by default, already ten to a hundred times shorter
// than what Claude takes on a task, so the runner's own cost per task (a few hundred ms of git
// and files on each link of the critical chain) still shows, without Nx's fixed start-up (about
// 3 s, once per run) deciding the figure. `--scale 0.1` (100-600 ms) is the stress case: there the
// fixed start-up alone is 17% of the critical path. The whole default run takes about 25 minutes,
// most of it at 1 worker.
//
// Usage: node tools/bench/run/main.mjs [--tasks 200] [--workers 1,2,4,8] [--modes br,process]
//                                      [--scale 1] [--seed 7] [--keep]
//   --scale multiplies the synthetic durations (1-6 s at 1).
// Needs the built package: (cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { benchNxEnv } from '../nx-env.mjs';
import { syntheticRun } from './synthetic-run.mjs';

const REPO = new URL('../../../', import.meta.url).pathname;
const PACKAGE = join(REPO, 'packages/nx-buildrunner');
const SPEC = 'app/PROJECT_SPEC.md';
const TARGET = 1.15;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const CORES = availableParallelism();

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '200' },
    workers: { type: 'string', default: '1,2,4,8' },
    modes: { type: 'string', default: 'br' },
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
  },
});
const taskCount = Number(args.tasks);
const workerCounts = args.workers.split(',').map(Number);
const modes = args.modes.split(',');
for (const m of modes) if (m !== 'br' && m !== 'process') throw new Error(`unknown mode ${m}: br or process`);
const scale = Number(args.scale);
if (!existsSync(join(PACKAGE, 'dist/executors/task/executor.js'))) {
  console.error('Build first: (cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json)');
  process.exit(2);
}

const git = (cwd, ...a) => execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@localhost', ...a], { cwd, encoding: 'utf8' }).trim();
const write = (file, text) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const mean = (xs) => (xs.length === 0 ? 0 : sum(xs) / xs.length);
const s = (ms) => (ms / 1000).toFixed(1);

/**
 * The agent: read the task's duration, sleep it, write the task's one file. A shell and `sleep`,
 * so the agent's own start-up is a few milliseconds and nearly all of its time is the work.
 */
const AGENT = {
  kind: 'command',
  command: 'sh',
  args: ['-c', 'read -r d < "$BR_BENCH_DURATIONS/$1"; sleep "$d"; [ -d app/src ] || mkdir -p app/src; echo "$1" > "app/src/$1.txt"', 'sh', '{taskId}'],
};

const { text, features } = syntheticRun(taskCount, { seed: Number(args.seed), minMs: 1000 * scale, maxMs: 6000 * scale });
const root = realpathSync(mkdtempSync(join(tmpdir(), 'br-bench-run-')));
const durationsDir = join(root, 'durations');
const sleepMs = new Map(features.map((f) => [`step-${f.n}`, f.durationMs]));
for (const [id, ms] of sleepMs) write(join(durationsDir, id), `${(ms / 1000).toFixed(3)}\n`);

/** The plan the plugin makes of the spec: its edges are the ones Nx schedules by. */
function plannedTasks(specFile) {
  const out = execFileSync(process.execPath, [join(PACKAGE, 'dist/cli/main.js'), 'task', 'list', '--json', '--spec', specFile], { encoding: 'utf8' });
  return JSON.parse(out).tasks.map((t) => ({ id: t.id, dependsOn: t.dependsOn, estimateMinutes: t.estimateMinutes }));
}

function criticalPathMs(tasks) {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const memo = new Map();
  const finish = (id) => {
    if (!memo.has(id)) memo.set(id, (sleepMs.get(id) ?? 0) + Math.max(0, ...byId.get(id).dependsOn.map(finish)));
    return memo.get(id);
  };
  return Math.max(...tasks.map((t) => finish(t.id)));
}

/**
 * The makespan the batch's own rule (longest chain of remaining work first, weighed by the plan's
 * estimates, W at a time) gives with no overhead at all: how much of the gap to the bound is the
 * graph's and the estimates', not the runner's.
 */
function idealMakespanMs(tasks, workers) {
  const dependents = new Map(tasks.map((t) => [t.id, []]));
  for (const t of tasks) for (const d of t.dependsOn) dependents.get(d)?.push(t.id);
  const weight = new Map(tasks.map((t) => [t.id, t.estimateMinutes]));
  const chain = new Map();
  const length = (id) => {
    if (!chain.has(id)) chain.set(id, weight.get(id) + Math.max(0, ...dependents.get(id).map(length)));
    return chain.get(id);
  };
  const waiting = new Map(tasks.map((t) => [t.id, t.dependsOn.length]));
  let ready = tasks.filter((t) => t.dependsOn.length === 0).map((t) => t.id);
  const running = [];
  let now = 0;
  while (ready.length > 0 || running.length > 0) {
    ready.sort((a, b) => length(b) - length(a) || (a < b ? -1 : 1));
    while (running.length < workers && ready.length > 0) {
      const id = ready.shift();
      running.push({ id, end: now + (sleepMs.get(id) ?? 0) });
    }
    running.sort((a, b) => a.end - b.end);
    const { id, end } = running.shift();
    now = end;
    for (const d of dependents.get(id)) {
      waiting.set(d, waiting.get(d) - 1);
      if (waiting.get(d) === 0) ready.push(d);
    }
  }
  return now;
}

function makeWorkspace(name) {
  const ws = join(root, name);
  mkdirSync(ws);
  symlinkSync(join(REPO, 'node_modules'), join(ws, 'node_modules'), 'dir');
  write(join(ws, 'package.json'), JSON.stringify({ name: 'bench-run', private: true, devDependencies: { nx: '23.2.1' } }));
  write(join(ws, 'nx.json'), JSON.stringify({ plugins: [{ plugin: PACKAGE, options: { agent: AGENT } }] }));
  write(join(ws, '.gitignore'), 'node_modules\n.nx\n.buildrunner/\n');
  write(join(ws, SPEC), text);
  git(ws, 'init', '-q', '-b', 'main');
  git(ws, 'add', '-A');
  git(ws, 'commit', '-qm', 'start');
  return ws;
}

/** Runs `command` in the workspace under GNU time when there is one. */
function timedRun(ws, command) {
  const env = { ...benchNxEnv(ws), CI: 'true', BR_BENCH_DURATIONS: durationsDir };
  return new Promise((resolve) => {
    const t0 = performance.now();
    const started = Date.now();
    // GNU time reports the CPU of the command and of every process it started: what two cores must carry.
    const [file, ...argv] = TIME ? [TIME, '-f', 'BENCH_CPU %U %S', ...command] : command;
    const child = spawn(file, argv, { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const cpu = /BENCH_CPU ([\d.]+) ([\d.]+)/.exec(out);
      resolve({ code, out, wallMs: performance.now() - t0, started, ended: Date.now(), cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined });
    });
  });
}

const nx = (ws, args) => timedRun(ws, [process.execPath, join(ws, 'node_modules/nx/dist/bin/nx.js'), ...args]);

/**
 * The links of the chain that decided the makespan, from the journal: walking back from the last
 * agent to end, each task's last dependency to end, to a task without any. A link is from the
 * dependency's agent ending to its dependent's agent starting: the dependency's verification,
 * merge and record, then the dependent's worktree, context and wait for a turn.
 */
function chainLinks(ws, tasks) {
  const agentStart = new Map();
  const agentEnd = new Map();
  for (const line of readFileSync(join(ws, '.buildrunner/journal.jsonl'), 'utf8').split('\n')) {
    if (!line.includes('"task-step"')) continue;
    const e = JSON.parse(line);
    if (e.step === 'agent' && !agentStart.has(e.task)) agentStart.set(e.task, e.t);
    if (e.step === 'verify') agentEnd.set(e.task, e.t);
  }
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const links = [];
  let id = [...agentEnd.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  for (;;) {
    const deps = byId.get(id)?.dependsOn ?? [];
    if (deps.length === 0) break;
    const last = deps.reduce((a, b) => (agentEnd.get(b) > agentEnd.get(a) ? b : a));
    links.push(agentStart.get(id) - agentEnd.get(last));
    id = last;
  }
  return { count: links.length, meanMs: mean(links), totalMs: sum(links) };
}

function readResults(ws, ids) {
  return ids.map((id) => JSON.parse(readFileSync(join(ws, '.buildrunner/results', SPEC, id, 'result.json'), 'utf8')));
}

write(join(root, 'spec.md'), text);
const tasks = plannedTasks(join(root, 'spec.md'));
const work = sum(tasks.map((t) => sleepMs.get(t.id) ?? 0));
const cp = criticalPathMs(tasks);
console.log(`${tasks.length} tasks, ${Math.max(...tasks.map((t) => t.dependsOn.length))} dependencies at most per task; work ${s(work)} s of sleep, critical path ${s(cp)} s`);
console.log(`workspaces under ${root}\n`);

/** One run in a fresh workspace: makespan, CPU, and each task's steps. */
async function measure(workers, mode) {
  const ws = makeWorkspace(`${mode}-w${workers}`);
  // The plan cache and Nx's own caches warm, as in any workspace where someone looked at the graph.
  const warm = await nx(ws, ['show', 'projects', '--json']);
  if (warm.code !== 0) throw new Error(`nx show projects failed:\n${warm.out}`);
  const run =
    mode === 'br'
      ? await timedRun(ws, [process.execPath, join(PACKAGE, 'dist/cli/main.js'), 'run', '--auto', '--workers', String(workers), '--spec', SPEC])
      : await nx(ws, ['run-many', '-t', 'br-task', `--parallel=${workers}`, '--outputStyle=static', '--batch=false']);
  if (run.code !== 0) {
    console.error(run.out.slice(-4000));
    throw new Error(`the ${mode} run with ${workers} workers failed`);
  }
  const results = readResults(ws, tasks.map((t) => t.id));
  const links = chainLinks(ws, tasks);
  const notMerged = results.filter((r) => r.status !== 'merged');
  if (notMerged.length > 0) throw new Error(`${notMerged.length} tasks not merged, e.g. ${notMerged[0].taskId}: ${notMerged[0].error}`);
  if (!args.keep) rmSync(ws, { recursive: true, force: true });
  const starts = results.map((r) => Date.parse(r.startedAt));
  const ends = results.map((r) => Date.parse(r.finishedAt));
  const steps = (key) => mean(results.map((r) => r.timings[key]));
  return {
    mode,
    workers,
    wall: run.wallMs,
    cpu: run.cpuMs,
    span: Math.max(...ends) - Math.min(...starts),
    bound: Math.max(cp, work / workers),
    ideal: idealMakespanMs(tasks, workers),
    overhead: (run.wallMs * workers - work) / tasks.length,
    startup: Math.min(...starts) - run.started,
    tail: run.ended - Math.max(...ends),
    worktree: steps('worktreeMs'),
    context: steps('contextMs'),
    agentExtra: mean(results.map((r) => r.timings.agentMs - (sleepMs.get(r.taskId) ?? 0))),
    verify: steps('verifyMs'),
    merge: steps('mergeMs'),
    links,
  };
}

const pad = (v, n) => String(v).padStart(n);

function report(rows) {
  console.log('\nmode     workers  makespan  task span  bound (cp | work/W)   wall/bound  span/bound  ideal schedule  wall/ideal  overhead/task');
  for (const r of rows) {
    console.log(
      `${r.mode.padEnd(7)}  ${pad(r.workers, 7)}  ${pad(`${s(r.wall)} s`, 8)}  ${pad(`${s(r.span)} s`, 9)}  ${pad(`${s(r.bound)} s`, 7)} (${s(cp)} | ${s(work / r.workers)})  ${pad(`${(r.wall / r.bound).toFixed(2)}x`, 10)}  ${pad(`${(r.span / r.bound).toFixed(2)}x`, 10)}  ${pad(`${s(r.ideal)} s`, 14)}  ${pad(`${(r.wall / r.ideal).toFixed(2)}x`, 10)}  ${pad(`${r.overhead.toFixed(0)} ms`, 13)}`,
    );
  }
  console.log("ideal schedule: the same rule (longest chain of estimated work first, W at a time) with no overhead at all; what it adds to the bound is the graph's and the estimates', not the runner's");
  console.log(`target: makespan within ${TARGET}x the bound: ${rows.map((r) => `${r.mode} W=${r.workers} ${r.wall / r.bound <= TARGET ? 'met' : 'missed'}`).join(', ')}`);
  console.log(`\nwhere the time goes (CPU: the whole run's, per task; steps: means per task, ms; chain links: the links of the chain that ended last, from a dependency's agent ending to its dependent's starting, ms; ${CORES} cores, load average ${loadavg()[0].toFixed(1)} at the end)`);
  console.log('mode     workers  CPU/task  start-up  after last  worktree  context  agent beyond sleep  verify   merge  chain links');
  for (const r of rows) {
    console.log(
      `${r.mode.padEnd(7)}  ${pad(r.workers, 7)}  ${pad(r.cpu === undefined ? '-' : (r.cpu / tasks.length).toFixed(0), 8)}  ${pad(r.startup.toFixed(0), 8)}  ${pad(r.tail.toFixed(0), 10)}  ${pad(r.worktree.toFixed(0), 8)}  ${pad(r.context.toFixed(0), 7)}  ${pad(r.agentExtra.toFixed(0), 18)}  ${pad(r.verify.toFixed(0), 6)}  ${pad(r.merge.toFixed(0), 6)}  ${pad(r.links.count, 3)} x ${r.links.meanMs.toFixed(0)} = ${s(r.links.totalMs)} s`,
    );
  }
}

try {
  const rows = [];
  for (const mode of modes) {
    for (const workers of workerCounts) {
      const row = await measure(workers, mode);
      rows.push(row);
      console.log(`${mode}, ${workers} workers: ${s(row.wall)} s (bound ${s(row.bound)} s, ${(row.wall / row.bound).toFixed(2)}x)`);
    }
  }
  report(rows);
} finally {
  if (!args.keep) rmSync(root, { recursive: true, force: true });
}
