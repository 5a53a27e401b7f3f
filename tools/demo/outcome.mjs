// What a run left behind, checked from the outside: the task records, the integration branch's
// commits and files, and the tests of a fresh checkout of it. Nothing here believes a record
// without looking at git too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './workspace.mjs';

/** Of a failing test run, the end is shown: that is where node --test puts failures and totals. */
const OUTPUT_LINES = 60;

/** Each planned task's `result.json`, or why there is none. */
export function readResults(plan, outputDir) {
  return plan.tasks.map(({ id }) => {
    const file = join(outputDir(id), 'result.json');
    if (!existsSync(file)) return { id, problem: `no result at ${file}` };
    try {
      return { id, result: JSON.parse(readFileSync(file, 'utf8')) };
    } catch (error) {
      return { id, problem: `unreadable result ${file}: ${error.message}` };
    }
  });
}

/** Runs `node --test` in `dir` and reads the TAP totals. */
function runTests(dir) {
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(r.stdout)?.[1] ?? NaN);
  return { ok: r.status === 0, pass: count('pass'), fail: count('fail'), output: `${r.stdout}${r.stderr}` };
}

/**
 * The integration branch as a user would check it: which tasks have a commit on it since `base`
 * (by the commits' `trailer`),
 * which planned files are missing from its tree, and whether `node --test` passes in the spec's
 * `folder` of a checkout of it made in a temporary worktree (removed afterwards).
 */
export function checkIntegration({ ws, branch, base, trailer, plan, folder }) {
  const tip = spawnSync('git', ['rev-parse', '--verify', '-q', `refs/heads/${branch}`], { cwd: ws, encoding: 'utf8' });
  if (tip.status !== 0) return { exists: false };
  const trailers = git(ws, ['log', `--format=%(trailers:key=${trailer},valueonly)`, `${base}..${branch}`]);
  const committed = new Set(trailers.split('\n').map((l) => l.trim()).filter(Boolean));
  const tree = new Set(git(ws, ['ls-tree', '-r', '--name-only', branch]).split('\n'));
  const missingFiles = plan.tasks.flatMap((t) => t.files.map((f) => ({ task: t.id, file: `${folder}/${f}` })).filter(({ file }) => !tree.has(file)));
  const checkout = mkdtempSync(join(tmpdir(), 'br-demo-check-'));
  try {
    git(ws, ['worktree', 'add', '-q', '--detach', checkout, branch]);
    return { exists: true, tip: tip.stdout.trim(), committed, missingFiles, tests: runTests(join(checkout, folder)) };
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', checkout], { cwd: ws });
    rmSync(checkout, { recursive: true, force: true });
  }
}

/**
 * The run's journal (JSON lines) under `.buildrunner/`, outside the task worktrees and results,
 * when the run kept one.
 */
export function findJournal(ws) {
  const state = join(ws, '.buildrunner');
  if (!existsSync(state)) return undefined;
  const found = readdirSync(state, { withFileTypes: true })
    .filter((e) => e.name !== 'worktrees' && e.name !== 'results')
    .flatMap((e) => (e.isDirectory() ? readdirSync(join(state, e.name), { recursive: true, encoding: 'utf8' }).map((f) => join(e.name, f)) : [e.name]))
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  return found.length === 0 ? undefined : join(state, found[0]);
}

/** Every reason the run is not what the demo promises; empty when it is. */
export function problemsOf({ plan, results, integration, runStatus }) {
  const problems = [];
  if (runStatus !== 0) problems.push(`the run exited with status ${runStatus}`);
  for (const r of results) {
    if (r.problem) problems.push(`${r.id}: ${r.problem}`);
    else if (r.result.status !== 'merged') problems.push(`${r.id}: ${r.result.status}${r.result.error ? ` (${r.result.error})` : ''}`);
  }
  if (!integration.exists) return [...problems, 'the integration branch does not exist'];
  // A task recorded as merged must be on the branch with its files: the record is not proof.
  const merged = new Set(results.filter((r) => r.result?.status === 'merged').map((r) => r.id));
  for (const id of merged) if (!integration.committed.has(id)) problems.push(`${id}: recorded as merged, but no commit on the integration branch`);
  for (const { task, file } of integration.missingFiles) if (merged.has(task)) problems.push(`${file}: missing from the integration branch`);
  const { tests } = integration;
  if (!tests.ok || !(tests.pass > 0)) {
    const tail = tests.output.trim().split('\n').slice(-OUTPUT_LINES).join('\n');
    problems.push(`node --test did not pass on the integration branch (${tests.pass} passed, ${tests.fail} failed):\n${tail}`);
  }
  return problems;
}
