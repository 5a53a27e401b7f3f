import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The README's first command (`npm run demo`, after the build it runs first): examples/textkit
 * planned and run end to end with the offline agent, in a fresh workspace, checked from outside.
 * Needs `dist/` (the `test` target builds it first).
 */

const REPO = resolve(__dirname, '../../..');
const DEMO = join(REPO, 'tools/demo/main.mjs');
const RUN_TIMEOUT_MS = 170_000;

const scratch = mkdtempSync(join(tmpdir(), 'br-demo-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function demo(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [DEMO, ...args], { cwd: REPO, encoding: 'utf8', env, timeout: RUN_TIMEOUT_MS });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` };
}

/** The value of one line of the summary (`  tokens   ...`). */
function summaryLine(stdout: string, label: string): string {
  const line = new RegExp(`^  ${label} +(.*)$`, 'm').exec(stdout);
  expect(line, `no "${label}" line in:\n${stdout}`).not.toBeNull();
  return (line as RegExpExecArray)[1] as string;
}

const numbers = (text: string) => [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));

describe('the demo', () => {
  it('runs every task of examples/textkit, retries the one that fails verification, and the merged result passes its tests', { timeout: RUN_TIMEOUT_MS + 10_000 }, () => {
    const run = demo([]);
    expect(run.status, run.all).toBe(0);
    const out = run.stdout;

    // The plan, then each task through Nx in its own worktree.
    expect(out).toContain('$ br spec load textkit/PROJECT_SPEC.md');
    expect(out).toContain('$ br task list --spec textkit/PROJECT_SPEC.md');
    for (const task of ['slugify', 'word-statistics', 'command-line', 'documentation']) {
      expect(out).toMatch(new RegExp(`^\\[${task}\\] merged [0-9a-f]{12} into br/integration`, 'm'));
    }
    // The retry loop: attempt 1 of Word Statistics rounds reading time wrongly, its tests catch it.
    expect(out).toMatch(/^\[word-statistics\] attempt 1: agent done .*; failed: `node --test test\/stats\.test\.js` exited with code 1/m);
    expect(out).toMatch(/^\[word-statistics\] attempt 2: agent done .*; verified/m);

    expect(summaryLine(out, 'tasks')).toBe('4 of 4 merged, 5 attempts (word-statistics passed on attempt 2)');
    expect(summaryLine(out, 'batches')).toBe('3: b01 slugify, word-statistics | b02 command-line | b03 documentation; Nx ran 2 at a time');
    expect(summaryLine(out, 'time')).toMatch(/^\d+\.\d s for the run, \d+\.\d s in all$/);
    const tokens = summaryLine(out, 'tokens');
    expect(tokens).toMatch(/^[\d,]+ input, [\d,]+ cache write, [\d,]+ cache read, [\d,]+ output \(\d+ calls\)$/);
    const [input, write, read, output, calls] = numbers(tokens) as [number, number, number, number, number];
    expect(input + write + read).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(0);
    // Four turns for every attempt of the scenario.
    expect(calls).toBe(20);
    const cost = summaryLine(out, 'cost');
    expect(cost).toMatch(/^\$\d+\.\d{4} at claude-sonnet-5-5 prices \(offline: usage of the scripted replies, nothing billed\)$/);
    expect(numbers(cost)[0]).toBeGreaterThan(0);
    const checked = summaryLine(out, 'checked');
    expect(checked).toMatch(/^br\/integration at [0-9a-f]{12}: 4 task commits, node --test in a fresh checkout: \d+ passed, 0 failed$/);
    expect(numbers(checked.split('checkout:')[1] as string)[0]).toBeGreaterThan(0);

    const where = /^  where +(\S+) \(removed now; --keep keeps it\)$/m.exec(out);
    expect(where, out).not.toBeNull();
    expect(existsSync((where as RegExpExecArray)[1] as string)).toBe(false);
    expect(out).toMatch(/^ +results +\.buildrunner\/results\/textkit\/PROJECT_SPEC\.md\/<task>\//m);
  });

  it('fails, names what is missing and keeps the workspace when the agent does not do the work', { timeout: RUN_TIMEOUT_MS + 10_000 }, () => {
    // A script for no task: every reply is "Nothing scripted", so nothing gets written.
    const scenario = join(scratch, 'idle.json');
    writeFileSync(scenario, JSON.stringify({ tasks: {} }));
    const dir = join(scratch, 'kept');
    const run = demo(['--scenario', scenario, '--dir', dir]);
    expect(run.status, run.all).toBe(1);
    expect(summaryLine(run.stdout, 'tasks')).toBe('0 of 4 merged, 6 attempts (slugify failed after 3 attempts; word-statistics failed after 3 attempts)');
    expect(run.stderr).toContain('The demo did not come out as it should');
    expect(run.stderr).toMatch(/^- slugify: failed \(verification failed: missing src\/slugify\.js, test\/slugify\.test\.js/m);
    expect(run.stderr).toMatch(/^- command-line: no result at /m);
    expect(run.stderr).toContain('- node --test did not pass on the integration branch (0 passed, 0 failed)');
    expect(run.stdout).toContain(`The workspace is kept at ${dir}`);
    expect(existsSync(join(dir, '.buildrunner/results/textkit/PROJECT_SPEC.md/slugify/result.json'))).toBe(true);
  });

  it('refuses to use Claude without ANTHROPIC_API_KEY, before making anything', () => {
    const env = { ...process.env };
    delete env['ANTHROPIC_API_KEY'];
    const dir = join(scratch, 'never');
    const run = demo(['--agent', 'anthropic', '--dir', dir], env);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--agent anthropic needs ANTHROPIC_API_KEY');
    expect(existsSync(dir)).toBe(false);
  });
});
