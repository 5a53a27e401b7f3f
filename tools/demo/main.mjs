#!/usr/bin/env node
// The README's first command: plan examples/textkit/PROJECT_SPEC.md and run it end to end in a
// fresh workspace, with the offline agent playing Claude (or Claude itself with --agent anthropic),
// then check the result from the outside and print a summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkIntegration, findJournal, problemsOf, readResults } from './outcome.mjs';
import { summaryLines } from './summary.mjs';
import { makeWorkspace } from './workspace.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PLUGIN = join(ROOT, 'packages/nx-buildrunner');
const BR = join(PLUGIN, 'dist/cli/main.js');
const EXAMPLE = join(ROOT, 'examples/textkit');
const SCENARIO = join(EXAMPLE, 'scenario.yaml');
/** The example's folder in the workspace, and its spec. */
const FOLDER = 'textkit';
const SPEC = `${FOLDER}/PROJECT_SPEC.md`;
/** For tasks whose feature names no verify command (the README): the project's own tests. */
const VERIFICATION = { commands: ['npm test'] };

const USAGE = `Usage: npm run demo [-- options]      (or: node tools/demo/main.mjs [options], after npm run build)

Copies examples/textkit into a fresh git repository and Nx workspace, plans its spec, runs every
task with an agent (each in its own worktree, verified, merged into br/integration), checks the
integration branch with node --test and prints a summary.

Options:
  --agent offline|anthropic  offline (default): a scripted Claude on a local fake Anthropic API;
                             anthropic: Claude through the API (needs ANTHROPIC_API_KEY; costs money)
  --model NAME               the model to use (and price)
  --scenario FILE            the offline agent's script (default examples/textkit/scenario.yaml)
  --parallel N               tasks Nx runs at a time (default 2)
  --dir DIR                  build the workspace in DIR (absent or empty) and keep it
  --keep                     keep the temporary workspace (it is always kept when something fails)
  -h, --help                 show this help
`;

const EXIT_USAGE = 2;

function usageError(message, { showUsage = true } = {}) {
  process.stderr.write(`demo: ${message}\n${showUsage ? `\n${USAGE}` : ''}`);
  process.exit(EXIT_USAGE);
}

function readOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        agent: { type: 'string', default: 'offline' },
        model: { type: 'string' },
        scenario: { type: 'string', default: SCENARIO },
        parallel: { type: 'string', default: '2' },
        dir: { type: 'string' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    usageError(error.message);
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (parsed.agent !== 'offline' && parsed.agent !== 'anthropic') usageError(`--agent must be offline or anthropic, not ${parsed.agent}`);
  const parallel = Number(parsed.parallel);
  if (!Number.isInteger(parallel) || parallel < 1) usageError(`--parallel must be a whole number of at least 1, not ${parsed.parallel}`);
  if (parsed.agent === 'anthropic' && parsed.scenario !== SCENARIO) usageError('--scenario is for the offline agent only');
  if (parsed.agent === 'anthropic' && !process.env.ANTHROPIC_API_KEY) {
    usageError('--agent anthropic needs ANTHROPIC_API_KEY in the environment (or leave --agent out for the offline agent)', { showUsage: false });
  }
  if (!existsSync(BR)) usageError(`the package is not built: run npm run build first (no ${relative(ROOT, BR)})`, { showUsage: false });
  const scenario = resolve(parsed.scenario);
  if (!existsSync(scenario)) usageError(`--scenario ${parsed.scenario}: no such file`, { showUsage: false });
  return { ...parsed, parallel, scenario };
}

/** The folder to build in: --dir (created, or empty) or a new temporary one. */
function workspaceDir(dir) {
  if (dir === undefined) return mkdtempSync(join(tmpdir(), 'br-demo-'));
  const abs = resolve(dir);
  if (existsSync(abs) && readdirSync(abs).length > 0) usageError(`--dir ${dir} is not empty`);
  mkdirSync(abs, { recursive: true });
  return abs;
}

/**
 * The environment of the run. Variables Nx sets for the task that may be running this demo
 * (a test under `nx run-many`) would point the inner Nx at the outer workspace and its cache,
 * so every inherited NX_ variable goes; the rest is what a user's shell would have.
 */
function runEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NX_')));
  return { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
}

function show(command, why) {
  console.log(`\n$ ${command}    # ${why}`);
}

/** A br command in the workspace, its output on the terminal; a failure ends the demo. */
function br(ws, args, why) {
  show(`br ${args.join(' ')}`, why);
  const r = spawnSync(process.execPath, [BR, ...args], { cwd: ws, stdio: 'inherit', env: runEnv() });
  if (r.status !== 0) throw new Error(`br ${args.join(' ')} exited with status ${r.status}`);
}

function planOf(ws) {
  const r = spawnSync(process.execPath, [BR, 'task', 'list', '--json', '--spec', SPEC], { cwd: ws, encoding: 'utf8', env: runEnv() });
  if (r.status !== 0) throw new Error(`br task list --json exited with status ${r.status}:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Every task through Nx; returns its exit status and wall time. */
function runAll(ws, parallel) {
  const args = ['run-many', '-t', 'br-task', `--parallel=${parallel}`, '--outputStyle=static'];
  show(`nx ${args.join(' ')}`, 'every task: worktree, agent, verify, merge, in dependency order');
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(ws, 'node_modules/nx/dist/bin/nx.js'), ...args], { cwd: ws, stdio: 'inherit', env: runEnv() });
  return { status: r.status ?? 1, ms: Date.now() - started };
}

function main() {
  const started = Date.now();
  const options = readOptions();
  const require = createRequire(import.meta.url);
  const { taskOutputDir } = require(join(PLUGIN, 'dist/index.js'));
  const { DEFAULT_INTEGRATION_BRANCH: branch } = require(join(PLUGIN, 'dist/runtime/git/names.js'));
  const { TASK_TRAILER: trailer } = require(join(PLUGIN, 'dist/runtime/git/commit.js'));
  const model = options.model === undefined ? {} : { model: options.model };
  const agent = options.agent === 'offline' ? { kind: 'offline', scenario: options.scenario, ...model } : { kind: 'anthropic', ...model };
  const keep = options.keep || options.dir !== undefined;
  const ws = workspaceDir(options.dir);
  let passed = false;
  try {
    console.log(`Workspace ${ws}: examples/textkit as a new git repository and Nx workspace, agent ${options.agent}`);
    const pluginOptions = { agent, verification: VERIFICATION };
    const { base } = makeWorkspace({ dir: ws, example: EXAMPLE, folder: FOLDER, pluginDir: PLUGIN, pluginOptions, nodeModules: join(ROOT, 'node_modules') });
    br(ws, ['spec', 'load', SPEC], 'read and validate the spec');
    br(ws, ['task', 'list', '--spec', SPEC], 'plan it: tasks, parallel levels, critical path, batches');
    const plan = planOf(ws);
    const run = runAll(ws, options.parallel);

    const outputDir = (id) => taskOutputDir(ws, SPEC, id);
    const results = readResults(plan, outputDir);
    const integration = checkIntegration({ ws, branch, base, trailer, plan, folder: FOLDER });
    const problems = problemsOf({ plan, results, integration, runStatus: run.status });
    passed = problems.length === 0;
    const journal = findJournal(ws);
    const where = {
      workspace: ws,
      removed: passed && !keep,
      results: relative(ws, dirname(outputDir(plan.tasks[0].id))),
      ...(journal === undefined ? {} : { journal: relative(ws, journal) }),
    };
    console.log('');
    const lines = summaryLines({ plan, results, integration, branch, agent: options.agent, parallel: options.parallel, runMs: run.ms, totalMs: Date.now() - started, where });
    console.log(lines.join('\n'));
    if (!passed) console.error(`\nThe demo did not come out as it should:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  } catch (error) {
    console.error(`\ndemo: ${error.message}`);
  } finally {
    if (passed && !keep) rmSync(ws, { recursive: true, force: true });
    else console.log(`\nThe workspace is kept at ${ws}`);
  }
  process.exitCode = passed ? 0 : 1;
}

main();
