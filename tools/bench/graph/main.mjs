#!/usr/bin/env node
// `nx show projects` with the nx-buildrunner plugin against the floor: the same workspace whose
// plugin only hands Nx the very same createNodes results from a JSON file (floor-plugin.cjs).
// Figures only, no pass/fail exit code; the targets are printed next to the ratios.
//
// Per size, two workspaces in one temp dir, identical but for nx.json: `plugin/` registers
// `nx-buildrunner` (resolved through the symlinked node_modules to packages/nx-buildrunner/dist,
// as an installed package would be), `floor/` registers floor-plugin.cjs by absolute path. Both
// hold `app/PROJECT_SPEC.md` (a synthetic spec tuned to the task count) and a README.md.
//
// What is timed: the wall time of one `node nx.js show projects --json` process, NX_DAEMON=false,
// NX_NO_CLOUD=true, plugins isolated in workers as Nx does by default. Times are medians of --reps
// runs; a ratio is the median of the plugin/floor ratios of each repetition, where the plugin's
// run and the floor's run are adjacent (in alternating order), so a shared machine's shifting
// load cancels out of it. The floor has createNodes only; the plugin's createDependencies hook
// (the edges to each spec's folder project) counts against the plugin.
//  - cold: the workspace's whole `.nx` folder is deleted first (what `nx reset` deletes for a
//    workspace without a daemon: Nx's cache and workspace data, so also Nx's file-map and
//    project-graph caches and nx-buildrunner's plan cache in `.nx/workspace-data/nx-buildrunner`).
//    The plugin has to read, parse and plan the spec; the floor reads its JSON. Nx's native
//    binary cache (per user, shared by every workspace) and the OS page cache stay warm.
//  - warm: right after another run, every cache in place. Without the daemon Nx calls every
//    plugin's createNodes on each command anyway; the plugin answers from its plan cache.
// Next to the ratios: what the cold target leaves for planning (2 x floor cold - plugin warm, as a
// cold run is a warm one plus reading, parsing and planning the spec), and the time of the
// Markdown parse alone (remark's parser, as a cold createNodes runs it), to set against it.
//
// Usage: node tools/bench/graph/main.mjs [--reps=5] [--keep] [tasks...]   (default 100 1000 5000)
// Needs the built package: (cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { benchNxEnv } from '../nx-env.mjs';
import { syntheticSpec } from '../plan/synthetic-spec.mjs';

const require = createRequire(import.meta.url);
const REPO = new URL('../../../', import.meta.url).pathname;
const DIST = join(REPO, 'packages/nx-buildrunner/dist');
const FLOOR_PLUGIN = new URL('./floor-plugin.cjs', import.meta.url).pathname;
const SPEC = 'app/PROJECT_SPEC.md';
const TARGETS = { warm: 1.2, cold: 2 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** One `nx show projects --json`: wall milliseconds and the sorted project names. */
function showProjects(ws) {
  const t0 = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(ws, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects', '--json'], {
    cwd: ws,
    env: benchNxEnv(ws),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 600_000,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (result.status !== 0) throw new Error(`nx show projects failed in ${ws}:\n${result.stdout}\n${result.stderr}`);
  return { ms, projects: JSON.parse(result.stdout).sort() };
}

function workspace(ws, plugin) {
  mkdirSync(ws, { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(ws, 'node_modules'), 'dir');
  write(join(ws, 'package.json'), JSON.stringify({ name: 'bench-ws', private: true, devDependencies: { nx: '23.2.1' } }));
  write(join(ws, 'nx.json'), JSON.stringify({ plugins: [plugin] }));
  write(join(ws, 'README.md'), '# Bench workspace\n');
}

/**
 * Child process: writes a spec of about `tasks` tasks into `ws`, runs the real plugin's createNodes
 * on it (with the plan cache in a scratch folder) and saves the results as the floor's JSON.
 */
async function prepare(ws, tasks, out) {
  const { parseSpec } = require(join(DIST, 'spec'));
  const { planSpec } = require(join(DIST, 'plan'));
  const { createNodes } = require(join(DIST, 'plugin/create-nodes'));
  // The generator makes the same first k features whatever the total, and a feature's tasks
  // depend only on that feature: plan `tasks` features once, keep the shortest prefix that has
  // enough tasks.
  const probe = planSpec(parseSpec(syntheticSpec(tasks), SPEC));
  const perFeature = new Map();
  for (const task of probe.tasks) perFeature.set(task.featureId, (perFeature.get(task.featureId) ?? 0) + 1);
  let features = 0;
  let total = 0;
  for (const feature of probe.features) {
    if (total >= tasks) break;
    features++;
    total += perFeature.get(feature.id) ?? 0;
  }
  write(join(ws, SPEC), syntheticSpec(features));
  const results = await createNodes[1]([SPEC, 'README.md'], {}, { workspaceRoot: ws, nxJsonConfiguration: {} });
  writeFileSync(out, JSON.stringify(results));
  const projects = Object.keys(results[0]?.[1]?.projects ?? {}).length;
  process.stdout.write(JSON.stringify({ features, tasks: projects - 1 }));
}

/**
 * Child process, started as Nx starts a plugin worker (`--conditions development`): the wall time
 * of the Markdown parse alone that a cold createNodes does on `spec` (threads and all), in ms.
 */
async function parseAlone(spec) {
  const { parseMarkdownInThreads, threadCount } = require(join(DIST, 'spec/markdown/threads'));
  const text = readFileSync(spec, 'utf8');
  const threads = threadCount(text.length);
  const t0 = performance.now();
  if (threads > 0) await parseMarkdownInThreads(text, threads);
  else require(join(DIST, 'spec/markdown/parse-markdown')).parseMarkdown(text);
  process.stdout.write(String(performance.now() - t0));
}

function timeParse(spec) {
  const out = spawnSync(process.execPath, ['--conditions', 'development', new URL(import.meta.url).pathname, '--parse', spec], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`timing the parse failed:\n${out.stderr}`);
  return Number(out.stdout);
}

function benchSize(root, tasks, reps) {
  const pluginWs = join(root, 'plugin');
  const floorWs = join(root, 'floor');
  const nodes = join(root, 'floor-nodes.json');
  workspace(pluginWs, { plugin: 'nx-buildrunner' });
  workspace(floorWs, { plugin: FLOOR_PLUGIN, options: { nodes } });
  const scratch = join(root, 'scratch-data');
  const prepared = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--prepare', pluginWs, String(tasks), nodes], {
    encoding: 'utf8',
    env: { ...benchNxEnv(pluginWs), NX_WORKSPACE_DATA_DIRECTORY: scratch, NX_CACHE_DIRECTORY: join(scratch, 'cache') },
    maxBuffer: 1 << 20,
  });
  if (prepared.status !== 0) throw new Error(`preparing ${tasks} tasks failed:\n${prepared.stderr}`);
  rmSync(scratch, { recursive: true, force: true });
  const made = JSON.parse(prepared.stdout);
  write(join(floorWs, SPEC), readFileSync(join(pluginWs, SPEC)));

  // Both must show the very same projects, or the floor is not a floor.
  const shown = showProjects(pluginWs).projects;
  const floorShown = showProjects(floorWs).projects;
  if (JSON.stringify(shown) !== JSON.stringify(floorShown)) throw new Error('the plugin and the floor show different projects');
  if (shown.filter((p) => p.startsWith('br-') && !p.startsWith('br-spec-')).length !== made.tasks) {
    throw new Error(`expected ${made.tasks} task projects, nx shows ${shown.length} projects`);
  }

  // Each plugin run sits next to its floor run, and which goes first alternates, so that the
  // load of a shared machine drifting during a repetition hits both sides of a ratio alike.
  const times = { 'plugin cold': [], 'floor cold': [], 'plugin warm': [], 'floor warm': [], 'parse alone': [] };
  for (let rep = 0; rep < reps; rep++) {
    const pair = rep % 2 === 0 ? [['plugin', pluginWs], ['floor', floorWs]] : [['floor', floorWs], ['plugin', pluginWs]];
    for (const how of ['cold', 'warm']) {
      for (const [who, ws] of pair) {
        if (how === 'cold') rmSync(join(ws, '.nx'), { recursive: true, force: true });
        times[`${who} ${how}`].push(showProjects(ws).ms);
      }
    }
    times['parse alone'].push(timeParse(join(pluginWs, SPEC)));
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const ratio = (how) => median(times[`plugin ${how}`].map((t, i) => t / times[`floor ${how}`][i]));
  return { ...made, specKB: statSync(join(pluginWs, SPEC)).size / 1024, m, times, ratios: { cold: ratio('cold'), warm: ratio('warm') } };
}

async function main() {
  const args = process.argv.slice(2);
  const reps = Number(args.find((a) => a.startsWith('--reps='))?.slice(7) ?? 5);
  const keep = args.includes('--keep');
  const sizes = args.filter((a) => !a.startsWith('--')).map(Number);
  if (!existsSync(join(DIST, 'index.js'))) throw new Error('Build the package first: cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json');
  const root = mkdtempSync(join(tmpdir(), 'br-bench-graph-'));
  const rows = [];
  try {
    for (const tasks of sizes.length ? sizes : [100, 1000, 5000]) {
      const row = benchSize(join(root, String(tasks)), tasks, reps);
      rows.push(row);
      const runs = Object.entries(row.times).map(([k, v]) => `${k}: ${v.map((x) => x.toFixed(0)).join(' ')}`);
      console.log(`[${row.tasks} tasks] runs (ms) ${runs.join(' | ')}`);
    }
  } finally {
    if (keep) console.error(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  const mark = (ratio, target) => (ratio <= target ? 'ok' : 'OVER');
  console.log(`nx show projects, median of ${reps} runs (ms); ratio: median of the per-repetition plugin/floor ratios`);
  console.log('NX_DAEMON=false, NX_NO_CLOUD=true');
  console.log('   tasks  features  spec KB  floor cold  plugin cold  ratio        floor warm  plugin warm  ratio     parse alone  budget');
  for (const r of rows) {
    const { cold, warm } = r.ratios;
    console.log(
      [
        String(r.tasks).padStart(8),
        String(r.features).padStart(8),
        r.specKB.toFixed(0).padStart(7),
        r.m['floor cold'].toFixed(0).padStart(10),
        r.m['plugin cold'].toFixed(0).padStart(11),
        `${cold.toFixed(2).padStart(5)} ${mark(cold, TARGETS.cold).padEnd(5)}`,
        r.m['floor warm'].toFixed(0).padStart(10),
        r.m['plugin warm'].toFixed(0).padStart(11),
        `${warm.toFixed(2).padStart(5)} ${mark(warm, TARGETS.warm).padEnd(4)}`,
        r.m['parse alone'].toFixed(0).padStart(11),
        (TARGETS.cold * r.m['floor cold'] - r.m['plugin warm']).toFixed(0).padStart(6),
      ].join('  '),
    );
  }
  console.log(`targets: warm <= ${TARGETS.warm} x floor warm, cold <= ${TARGETS.cold} x floor cold`);
  console.log(
    `parse alone: the cold createNodes' Markdown parse by itself (a process started as Nx starts plugins, median of ${reps});\n` +
      `budget: what the cold target leaves for reading, parsing and planning the spec, ${TARGETS.cold} x floor cold - plugin warm`,
  );
}

if (process.argv[2] === '--prepare') await prepare(process.argv[3], Number(process.argv[4]), process.argv[5]);
else if (process.argv[2] === '--parse') await parseAlone(process.argv[3]);
else await main();
