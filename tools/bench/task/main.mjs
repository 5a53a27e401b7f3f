#!/usr/bin/env node
// The task executor's own cost, as figures (no pass/fail):
//  1. Overhead per task (wall time minus agent time) of runTask on a repository of 10,000 files,
//     with an agent that writes a fixed change instantly, against the floor: bare
//     `git worktree add` + the same write + `git commit` + `git merge`, in the same run and repo.
//  2. Prompt tokens per task against a naive prompt (the whole spec plus every file the task
//     touches), for every task planned from a realistic 30-feature spec, run in dependency order
//     so the files grow as tasks land.
// Usage: node tools/bench/task/main.mjs [tasks=5] [files=10000] [features=30]   (tasks=0: prompts only)
// Needs the built package: (cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { realisticProject } from './realistic-project.mjs';

const require = createRequire(import.meta.url);
const dist = new URL('../../../packages/nx-buildrunner/dist/', import.meta.url).pathname;
const { runTask } = require(join(dist, 'executors/task/run-task'));
const { buildContext, nodeContextFs, estimateTokens, requirementsFor } = require(join(dist, 'runtime/context'));
const { parseSpec } = require(join(dist, 'spec'));
const { planSpec } = require(join(dist, 'plan'));
const { buildPrompt, naivePrompt } = require(join(dist, 'runtime/prompt'));

const [tasks = 5, fileCount = 10_000, featureCount = 30] = process.argv.slice(2).map(Number);
const IDENTITY = ['-c', 'user.name=Bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgSign=false', '-c', 'core.hooksPath=/dev/null'];
const git = (cwd, ...args) => execFileSync('git', [...IDENTITY, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ms = (x) => `${x.toFixed(1)} ms`;

function task(id, file) {
  return {
    id, featureId: id, title: `Bench ${id}`, description: 'Write the fixed change.', domain: 'backend', complexity: 'simple',
    estimateMinutes: 60, priority: 'high', files: [file], acceptance: ['the file exists'], requirements: [], dependsOn: [], verify: [], hash: `h-${id}`,
  };
}

const change = (i) => `export const value${i} = ${i};\n`;

/** Writes the task's one file at once: the agent's time is ~0 and measured anyway. */
function instantAgent(file, content, spent) {
  return {
    name: 'instant',
    async run(request) {
      const t0 = performance.now();
      mkdirSync(dirname(join(request.worktree, file)), { recursive: true });
      await writeFile(join(request.worktree, file), content);
      spent.ms += performance.now() - t0;
      return { status: 'done', summary: 'Wrote the change.', calls: [], filesWritten: [file] };
    },
  };
}

async function overhead() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'br-bench-task-')));
  try {
    let t0 = performance.now();
    writeFileSync(join(root, '.gitignore'), 'node_modules/\n');
    writeFileSync(join(root, 'PROJECT_SPEC.md'), '# Bench\n');
    for (let i = 0; i < fileCount; i++) {
      const dir = join(root, 'src', `pkg${Math.floor(i / 100)}`);
      if (i % 100 === 0) mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `file${i % 100}.ts`), `// file ${i}\nexport const n${i} = ${i};\n`.repeat(4));
    }
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'initial');
    git(root, 'branch', 'floor/integration');
    const floorMain = join(root, '.floor', 'main');
    git(root, 'worktree', 'add', '-q', floorMain, 'floor/integration');
    console.log(`repository: ${fileCount} files, set up in ${ms(performance.now() - t0)}`);

    const floor = async (i) => {
      const dir = join(root, '.floor', `t${i}`);
      const file = `src/bench/floor-${i}.ts`;
      const started = performance.now();
      git(root, 'worktree', 'add', '-q', '-b', `floor/t${i}`, dir, 'floor/integration');
      mkdirSync(join(dir, 'src', 'bench'), { recursive: true });
      writeFileSync(join(dir, file), change(i));
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', `floor ${i}`);
      git(floorMain, 'merge', '-q', '--no-edit', `floor/t${i}`);
      const elapsed = performance.now() - started;
      git(root, 'worktree', 'remove', '--force', dir);
      return elapsed;
    };
    const ours = async (i) => {
      const file = `src/bench/task-${i}.ts`;
      const spent = { ms: 0 };
      const started = performance.now();
      const outcome = await runTask(
        { task: task(`bench-${i}`, file), workspaceRoot: root, spec: 'PROJECT_SPEC.md', env: {} },
        { agent: instantAgent(file, change(i), spent) },
      );
      const wall = performance.now() - started;
      if (!outcome.success) throw new Error(`bench-${i}: ${outcome.message}`);
      return { overhead: wall - spent.ms, wall, agent: spent.ms, timings: outcome.result.timings };
    };

    // First of each, cold (module loading, an empty worktree pool): shown, not counted.
    const coldFloor = await floor(0);
    const cold = await ours(0);
    const floors = [];
    const runs = [];
    for (let i = 1; i <= tasks; i++) {
      floors.push(await floor(i));
      runs.push(await ours(i));
    }
    console.log(`\nper task (${tasks} tasks after one cold run each; cold: ours ${ms(cold.overhead)}, floor ${ms(coldFloor)})`);
    console.log('task  floor ms  ours ms  (agent ms)  worktree  context  verify  merge  ratio');
    runs.forEach((r, i) => {
      const t = r.timings;
      console.log(
        [String(i + 1).padStart(4), floors[i].toFixed(1).padStart(8), r.overhead.toFixed(1).padStart(7), `(${r.agent.toFixed(1)})`.padStart(10),
          String(t.worktreeMs).padStart(8), String(t.contextMs).padStart(7), String(t.verifyMs).padStart(6), String(t.mergeMs).padStart(6),
          (r.overhead / floors[i]).toFixed(2).padStart(6)].join('  '),
      );
    });
    const ratio = median(runs.map((r) => r.overhead)) / median(floors);
    console.log(`median: floor ${ms(median(floors))}, ours ${ms(median(runs.map((r) => r.overhead)))}; overhead ratio ${ratio.toFixed(2)} (target <= 1.5)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function prompts() {
  const project = realisticProject(featureCount);
  const spec = parseSpec(project.specText, 'PROJECT_SPEC.md');
  const plan = planSpec(spec);
  const featureOf = new Map(plan.features.map((f, i) => [f.id, project.features[i]]));
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'br-bench-prompt-')));
  try {
    writeFileSync(join(root, 'PROJECT_SPEC.md'), project.specText);
    writeFileSync(join(root, 'package.json'), '{ "name": "storefront", "scripts": { "test": "vitest run" } }\n');
    const fs = nodeContextFs(root);
    const outputs = new Map();
    const rows = [];
    // In dependency order, as a run would: each task sees what the ones before it wrote.
    for (const t of plan.graph.levels.flat().map((id) => byId.get(id))) {
      const context = await buildContext(
        { task: t, specDir: '.', dependencies: t.dependsOn.map((id) => outputs.get(id)), requirements: requirementsFor(t, spec.features), verifyCommands: ['npm test'], budget: 4000, env: {} },
        fs,
      );
      const prompt = buildPrompt({ context, attempt: 1, env: {} });
      const touched = t.files.filter((p) => existsSync(join(root, p))).map((p) => ({ path: p, text: readFileSync(join(root, p), 'utf8') }));
      const naive = naivePrompt(project.specText, touched);
      const count = (p) => estimateTokens(p.system) + estimateTokens(p.user);
      const byKind = (kind) => context.sections.filter((x) => x.kind === kind).reduce((n, x) => n + x.tokens, 0);
      rows.push({ ours: count(prompt), naive: count(naive), system: estimateTokens(prompt.system), task: byKind('task'), file: byKind('file'), dependency: byKind('dependency'), neighbour: byKind('neighbour') });
      // The task lands: new files with their tests, and more code in the files it changes.
      const feature = featureOf.get(t.featureId);
      for (const p of t.files) {
        const file = join(root, p);
        if (existsSync(file)) {
          writeFileSync(file, `${readFileSync(file, 'utf8')}\n${project.fileText(feature, p)}`);
          continue;
        }
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, project.fileText(feature, p));
        writeFileSync(file.replace(/\.ts$/, '.test.ts'), `import { describe, it, expect } from 'vitest';\n\ndescribe('${p}', () => {\n  it('works', () => expect(1).toBe(1));\n});\n`);
      }
      outputs.set(t.id, { taskId: t.id, title: t.title, files: t.files, summary: `Implemented ${t.title} in ${t.files.join(', ')} with tests.`, commit: '0'.repeat(40) });
    }
    const ratios = rows.map((r) => r.ours / r.naive);
    const part = (k) => mean(rows.map((r) => r[k])).toFixed(0);
    console.log(`\nprompt tokens per task (${rows.length} planned tasks of a ${featureCount}-feature spec of ${estimateTokens(project.specText)} tokens; estimate ceil(chars / 3.5), system part included)`);
    console.log(`ours: mean ${mean(rows.map((r) => r.ours)).toFixed(0)}, max ${Math.max(...rows.map((r) => r.ours))}; naive: mean ${mean(rows.map((r) => r.naive)).toFixed(0)}, min ${Math.min(...rows.map((r) => r.naive))}`);
    console.log(`ours by part (mean): system ${part('system')}, task ${part('task')}, files to change ${part('file')}, dependencies ${part('dependency')}, related files ${part('neighbour')}`);
    console.log(`ratio: mean ${mean(ratios).toFixed(3)}, median ${median(ratios).toFixed(3)}, worst ${Math.max(...ratios).toFixed(3)} (target <= 0.25)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (tasks > 0) await overhead();
await prompts();
