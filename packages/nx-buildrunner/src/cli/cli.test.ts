import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from './io';
import { runCli } from './program';

const REPO = resolve(__dirname, '../../../..');
const TEXTKIT = join(REPO, 'examples/textkit/PROJECT_SPEC.md');
const SHARED_SPECS = resolve(REPO, '../shared/specs');

interface Captured extends CliIo {
  stdout: string;
  stderr: string;
}

function io(cwd: string): Captured {
  const c: Captured = {
    stdout: '',
    stderr: '',
    cwd,
    env: {},
    out: (t) => void (c.stdout += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => void (c.stderr += t.endsWith('\n') ? t : `${t}\n`),
  };
  return c;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'br-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('br spec load', () => {
  it('summarises a valid spec and exits 0', async () => {
    const c = io(dir);
    expect(await runCli(['spec', 'load', TEXTKIT], c)).toBe(0);
    expect(c.stdout).toMatch(/textkit/);
    expect(c.stdout).toMatch(/4 features · 9 requirements · 7 acceptance criteria · 7 components · 0 errors/);
    expect(c.stdout).toMatch(/command-line\s+\d+/);
  });

  it('prints FILE:LINE diagnostics and exits 1 on a spec with a cycle', async () => {
    writeFileSync(join(dir, 'PROJECT_SPEC.md'), readFileSync(join(SHARED_SPECS, 'cycle/PROJECT_SPEC.md')));
    const c = io(dir);
    expect(await runCli(['spec', 'load', 'PROJECT_SPEC.md'], c)).toBe(1);
    expect(c.stderr).toMatch(/^PROJECT_SPEC\.md:\d+: error: .*cycle/m);
  });

  it('reports an unreadable file as a spec error with its name', async () => {
    const c = io(dir);
    expect(await runCli(['spec', 'load', 'missing.md'], c)).toBe(1);
    expect(c.stderr).toMatch(/^missing\.md:0: error: /m);
  });
});

describe('br task generate', () => {
  it('writes the same bytes for the same spec', async () => {
    writeFileSync(join(dir, 'PROJECT_SPEC.md'), readFileSync(TEXTKIT));
    expect(await runCli(['task', 'generate', '--all'], io(dir))).toBe(0);
    const first = readFileSync(join(dir, '.buildrunner/plan.json'), 'utf8');
    expect(await runCli(['task', 'generate', '--all'], io(dir))).toBe(0);
    expect(readFileSync(join(dir, '.buildrunner/plan.json'), 'utf8')).toBe(first);
    const plan = JSON.parse(first) as { spec: { path: string }; tasks: unknown[] };
    expect(plan.spec.path).toBe('PROJECT_SPEC.md');
    expect(plan.tasks.length).toBeGreaterThanOrEqual(4);
  });

  it('exports Task Master tasks.json', async () => {
    writeFileSync(join(dir, 'PROJECT_SPEC.md'), readFileSync(TEXTKIT));
    expect(await runCli(['task', 'generate', '--all', '--format', 'taskmaster'], io(dir))).toBe(0);
    const tm = JSON.parse(readFileSync(join(dir, '.taskmaster/tasks/tasks.json'), 'utf8')) as {
      master: { tasks: { id: number; dependencies: number[] }[] };
    };
    expect(tm.master.tasks.length).toBeGreaterThanOrEqual(4);
    const ids = new Set(tm.master.tasks.map((t) => t.id));
    for (const t of tm.master.tasks) for (const d of t.dependencies) expect(ids.has(d)).toBe(true);
  });

  it('writes nothing and exits 1 when the spec has errors', async () => {
    writeFileSync(join(dir, 'PROJECT_SPEC.md'), readFileSync(join(SHARED_SPECS, 'cycle/PROJECT_SPEC.md')));
    const c = io(dir);
    expect(await runCli(['task', 'generate', '--all'], c)).toBe(1);
    expect(existsSync(join(dir, '.buildrunner/plan.json'))).toBe(false);
  });

  it('is a usage error without --all', async () => {
    writeFileSync(join(dir, 'PROJECT_SPEC.md'), readFileSync(TEXTKIT));
    const c = io(dir);
    expect(await runCli(['task', 'generate'], c)).toBe(2);
    expect(c.stderr).toMatch(/--all/);
  });
});

describe('br task list', () => {
  it('prints the JSON contract', async () => {
    const c = io(dir);
    expect(await runCli(['task', 'list', '--json', '--spec', TEXTKIT], c)).toBe(0);
    const plan = JSON.parse(c.stdout) as Record<string, unknown>;
    expect(Object.keys(plan)).toEqual(['spec', 'features', 'tasks', 'graph', 'batches', 'diagnostics']);
  });

  it('filters by domain', async () => {
    const c = io(dir);
    expect(await runCli(['task', 'list', '--json', '--domain', 'docs', '--spec', TEXTKIT], c)).toBe(0);
    const plan = JSON.parse(c.stdout) as { tasks: { domain: string }[] };
    expect(plan.tasks.length).toBeGreaterThan(0);
    expect(plan.tasks.every((t) => t.domain === 'docs')).toBe(true);
  });

  it('prints a table with the critical path', async () => {
    const c = io(dir);
    expect(await runCli(['task', 'list', '--spec', TEXTKIT], c)).toBe(0);
    expect(c.stdout).toMatch(/^task\s+domain\s+complexity/m);
    expect(c.stdout).toMatch(/critical path \d+ min: .*command-line/);
  });
});

describe('usage', () => {
  it('rejects an unknown domain, unknown command and missing spec with exit 2', async () => {
    expect(await runCli(['task', 'list', '--domain', 'kitchen', '--spec', TEXTKIT], io(dir))).toBe(2);
    expect(await runCli(['frobnicate'], io(dir))).toBe(2);
    expect(await runCli(['task', 'list'], io(dir))).toBe(2);
    expect(await runCli(['spec'], io(dir))).toBe(2);
  });

  it('has --help on every command', async () => {
    for (const argv of [['--help'], ['spec', '--help'], ['spec', 'load', '--help'], ['task', 'generate', '--help'], ['task', 'list', '--help']]) {
      const c = io(dir);
      expect(await runCli(argv, c)).toBe(0);
      expect(c.stdout).toMatch(/Usage: br/);
    }
  });
});
