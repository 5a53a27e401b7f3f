import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedNxEnv } from '../../test/nx-env';

/**
 * The built plugin in a real Nx workspace: Nx's own commands see the task projects, the edges,
 * the plan cache and per-task caching. Needs `dist/` (the `test` target builds it first).
 */

const PACKAGE = resolve(__dirname, '../..');
const REPO = resolve(PACKAGE, '../..');

/** Three features; Command Line depends on the other two. */
const SPEC = readFileSync(join(PACKAGE, 'test/fixtures/greeter/PROJECT_SPEC.md'), 'utf8');

const CYCLE = `# PROJECT_SPEC - Broken

## Features

### Feature 1: Alpha
**Depends on:** Feature 2

**Requirements:**
- First

### Feature 2: Beta
**Depends on:** Feature 1

**Requirements:**
- Second
`;

let ws: string;

function nx(...args: string[]) {
  const result = spawnSync(process.execPath, [join(ws, 'node_modules/nx/dist/bin/nx.js'), ...args], {
    cwd: ws,
    encoding: 'utf8',
    env: { ...process.env, ...isolatedNxEnv(ws) },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, all: `${result.stdout}\n${result.stderr}` };
}

function write(path: string, text: string) {
  mkdirSync(dirname(join(ws, path)), { recursive: true });
  writeFileSync(join(ws, path), text);
}

/** Task projects that ran (`ran`) and that Nx restored from its cache (`cached`), in run order. */
function runMany(target: string) {
  const result = nx('run-many', '-t', target, '--outputStyle=static', '--parallel=1');
  // Colours are off, but the parse must not depend on it.
  const plain = result.stdout.replace(/\x1b\[[0-9;]*m/g, '');
  const lines = plain.split('\n').filter((l) => l.includes('> nx run '));
  const project = (l: string) => (/> nx run ([^:]+):/.exec(l) as RegExpExecArray)[1] as string;
  const fromCache = (l: string) => /\[(local cache|remote cache|existing outputs match the cache)/.test(l);
  return {
    ...result,
    order: lines.map(project),
    ran: lines.filter((l) => !fromCache(l)).map(project).sort(),
    cached: lines.filter(fromCache).map(project).sort(),
  };
}

beforeAll(() => {
  if (!existsSync(join(PACKAGE, 'dist/index.js')) || !existsSync(join(PACKAGE, 'dist/executors/verify/verify.js'))) {
    throw new Error('Build the package first: cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json');
  }
  ws = mkdtempSync(join(tmpdir(), 'br-nx-'));
  symlinkSync(join(REPO, 'node_modules'), join(ws, 'node_modules'), 'dir');
  write('package.json', JSON.stringify({ name: 'greeter-ws', private: true, devDependencies: { nx: '23.2.1' } }));
  write('nx.json', JSON.stringify({ plugins: [{ plugin: PACKAGE, options: { specs: '**/PROJECT_SPEC.md' } }] }));
  write('.gitignore', 'node_modules\n.nx\n.buildrunner/\n');
  write('app/PROJECT_SPEC.md', SPEC);
  write('app/src/greet.js', 'module.exports = (n) => `Hello, ${n}!`;\n');
  write('app/src/farewell.js', 'module.exports = (n) => `Goodbye, ${n}!`;\n');
  write('app/src/cli.js', "const n = process.argv[2];\nconsole.log(require('./greet')(n));\nconsole.log(require('./farewell')(n));\n");
  // A commit to compare with, for `nx affected`.
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: ws });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'start');
});

afterAll(() => {
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('nx-buildrunner in a real Nx workspace', () => {
  let tasks: string[] = [];

  it('lists a project per task and one owning the spec, and plans the spec once', () => {
    const shown = nx('show', 'projects', '--json');
    expect(shown.status, shown.all).toBe(0);
    const projects = JSON.parse(shown.stdout) as string[];
    expect(projects).toContain('br-spec-app');
    tasks = projects.filter((p) => p !== 'br-spec-app');
    expect(tasks.some((p) => p.startsWith('br-greeting'))).toBe(true);
    expect(tasks.some((p) => p.startsWith('br-farewell'))).toBe(true);
    expect(tasks.some((p) => p.startsWith('br-command-line'))).toBe(true);

    const cacheDir = join(ws, '.nx/workspace-data/nx-buildrunner/plans');
    const [entry] = readdirSync(cacheDir);
    const planned = statSync(join(cacheDir, entry as string)).mtimeMs;
    expect(nx('show', 'projects', '--json').status).toBe(0);
    expect(statSync(join(cacheDir, entry as string)).mtimeMs).toBe(planned);

    const details = nx('show', 'project', tasks.find((p) => p.startsWith('br-greeting')) as string, '--json');
    const project = JSON.parse(details.stdout);
    expect(project.metadata).toMatchObject({ description: expect.any(String), feature: 'greeting', domain: 'backend' });
    expect(project.targets['br-task']).toMatchObject({ executor: 'nx-buildrunner:task', cache: true });
  });

  it('puts the task dependencies and the spec owner into the project graph', () => {
    expect(nx('graph', '--file=graph.json').status).toBe(0);
    const graph = JSON.parse(readFileSync(join(ws, 'graph.json'), 'utf8')).graph as {
      dependencies: Record<string, Array<{ target: string }>>;
    };
    const targets = (p: string) => (graph.dependencies[p] ?? []).map((d) => d.target);
    const cliTargets = tasks.filter((p) => p.startsWith('br-command-line')).flatMap(targets);
    expect(cliTargets.some((p) => p.startsWith('br-greeting'))).toBe(true);
    expect(cliTargets.some((p) => p.startsWith('br-farewell'))).toBe(true);
    for (const p of tasks) expect(targets(p)).toContain('br-spec-app');
    expect(targets('br-spec-app')).toEqual([]);
  });

  it('verifies in dependency order, then from the cache, then reruns only an edited feature and its dependents', () => {
    const first = runMany('br-verify');
    expect(first.status, first.all).toBe(0);
    expect(first.ran).toEqual([...tasks].sort());
    const cliAt = first.order.findIndex((p) => p.startsWith('br-command-line'));
    expect(first.order.findIndex((p) => p.startsWith('br-greeting'))).toBeLessThan(cliAt);
    expect(first.order.findIndex((p) => p.startsWith('br-farewell'))).toBeLessThan(cliAt);

    const second = runMany('br-verify');
    expect(second.status, second.all).toBe(0);
    expect(second.ran).toEqual([]);
    expect(second.cached).toEqual([...tasks].sort());

    write('app/PROJECT_SPEC.md', SPEC.replace('`farewell(name)` says goodbye', '`farewell(name)` says goodbye politely'));
    const third = runMany('br-verify');
    expect(third.status, third.all).toBe(0);
    expect(third.ran).toEqual(tasks.filter((p) => p.startsWith('br-farewell') || p.startsWith('br-command-line')).sort());
    expect(third.cached).toEqual(tasks.filter((p) => p.startsWith('br-greeting')).sort());
  });

  it('makes every task of an edited spec affected, through the project owning the spec', () => {
    // The previous test left the spec edited and uncommitted.
    const affected = nx('show', 'projects', '--affected', '--base=HEAD', '--json');
    expect(affected.status, affected.all).toBe(0);
    expect((JSON.parse(affected.stdout) as string[]).sort()).toEqual(['br-spec-app', ...tasks].sort());
  });

  it('leaves the name of a project already in the spec folder alone, and depends on it', () => {
    write('app/project.json', JSON.stringify({ name: 'greeter-app' }));
    try {
      const projects = JSON.parse(nx('show', 'projects', '--json').stdout) as string[];
      expect(projects).toContain('greeter-app');
      expect(projects).not.toContain('br-spec-app');
      expect(nx('graph', '--file=graph.json').status).toBe(0);
      const graph = JSON.parse(readFileSync(join(ws, 'graph.json'), 'utf8')).graph;
      for (const p of tasks) expect(graph.dependencies[p].map((d: { target: string }) => d.target)).toContain('greeter-app');
    } finally {
      rmSync(join(ws, 'app/project.json'));
    }
  });

  it("reports a broken spec through Nx's plugin error, one FILE:LINE line per problem", () => {
    write('broken/PROJECT_SPEC.md', CYCLE);
    const shown = nx('show', 'projects', '--json');
    expect(shown.status).not.toBe(0);
    expect(shown.all).toMatch(/broken\/PROJECT_SPEC\.md:\d+: error: .*cycle/i);
    rmSync(join(ws, 'broken'), { recursive: true });
    expect(nx('show', 'projects', '--json').status).toBe(0);
  });
});
