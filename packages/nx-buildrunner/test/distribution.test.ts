import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CacheServer, startCacheServer } from '../../../tools/remote-cache/cache-server.mjs';
import { type FakeAnthropic, type Scenario, startFakeAnthropic } from '../src/fake-anthropic';
import { isolatedNxEnv } from './nx-env';

/**
 * Distribution, proven on one machine: Nx's self-hosted remote cache API served on loopback, a
 * spec run in one clone, and the same run in fresh clones restoring every task from that cache.
 * Needs `dist/` (cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json).
 */

const PACKAGE = resolve(__dirname, '..');
const REPO = resolve(PACKAGE, '../..');
const TOKEN = 'dist-test-token-5d1c';
const FAKE_KEY = 'sk-ant-' + 'api03-DISTTEST-0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f';

/** Three features; Command Line depends on the other two. */
const SPEC = readFileSync(join(PACKAGE, 'test/fixtures/greeter/PROJECT_SPEC.md'), 'utf8');

const TASK_IDS = ['command-line', 'farewell', 'greeting'];

function writes(path: string, content: string) {
  return {
    attempts: [
      {
        turns: [
          { text: 'Writing ${taskId}.', tools: [{ name: 'create_file', input: { path, content } }] },
          { text: `Created ${path}; the verify command passes.` },
        ],
      },
    ],
  };
}

/** Claude's part, played by the fake Anthropic server: one file per task. */
const SCENARIO: Scenario = {
  tasks: {
    greeting: writes('app/src/greet.js', 'module.exports = (n) => `Hello, ${n}!`;\n'),
    farewell: writes('app/src/farewell.js', 'module.exports = (n) => `Goodbye, ${n}!`;\n'),
    'command-line': writes(
      'app/src/cli.js',
      "const n = process.argv[2];\nconsole.log(require('./greet')(n));\nconsole.log(require('./farewell')(n));\n",
    ),
  },
};

let root: string;
let cache: CacheServer;
let claude: FakeAnthropic;

function git(cwd: string, ...args: string[]): string {
  const out = spawnSync('git', ['-c', 'user.name=Dist Test', '-c', 'user.email=dist@example.com', ...args], { cwd, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`git ${args.join(' ')}: ${out.stderr}`);
  return out.stdout.trim();
}

function write(dir: string, rel: string, text: string) {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

/** A fresh clone of the origin: its own checkout, no integration branch, no `.nx`, no results. */
function clone(name: string): string {
  const dir = join(root, name);
  git(root, 'clone', '-q', join(root, 'origin'), dir);
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

interface Run {
  status: number | null;
  all: string;
  /** Task projects Nx restored from the remote cache, sorted. */
  fromRemote: string[];
  /** Task projects whose executor ran, sorted. */
  ran: string[];
}

/**
 * `nx run-many -t br-task` as a CI job would run it, against the loopback remote cache and the
 * fake Claude. Asynchronous: both servers live in this process and must keep answering.
 */
function runTasks(ws: string): Promise<Run> {
  const child = spawn(process.execPath, [join(ws, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'br-task', '--outputStyle=static', '--parallel=2'], {
    cwd: ws,
    env: {
      ...process.env,
      // Each clone here is another machine, with a cache of its own.
      ...isolatedNxEnv(ws),
      NX_SELF_HOSTED_REMOTE_CACHE_SERVER: cache.url,
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN,
      ANTHROPIC_BASE_URL: claude.url,
      ANTHROPIC_API_KEY: FAKE_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((done) => {
    child.on('close', (status) => {
      clearTimeout(timer);
      const lines = stdout.split('\n').filter((l) => l.includes('> nx run '));
      const project = (l: string) => (/> nx run ([^:]+):/.exec(l) as RegExpExecArray)[1] as string;
      done({
        status,
        all: `${stdout}\n${stderr}`,
        fromRemote: lines.filter((l) => l.includes('[remote cache]')).map(project).sort(),
        ran: lines.filter((l) => !/\[(local cache|remote cache|existing outputs match the cache)/.test(l)).map(project).sort(),
      });
    });
  });
}

const integrationTree = (ws: string) => git(ws, 'rev-parse', 'br/integration^{tree}');
const taskCommits = (ws: string) => git(ws, 'log', '--no-merges', '--format=%s', '--grep=BuildRunner-Task: ', 'br/integration').split('\n').filter(Boolean);
/** Task ids of the fake Anthropic server's requests, in order. */
const asked = () => claude.requests.filter((r) => r.path === '/v1/messages').map((r) => /Task: ([A-Za-z0-9_.-]+)/.exec(JSON.stringify(r.body))?.[1]);

beforeAll(async () => {
  if (!existsSync(join(PACKAGE, 'dist/index.js')) || !existsSync(join(PACKAGE, 'dist/executors/task/replay.js'))) {
    throw new Error('Build the package first: cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json');
  }
  root = realpathSync(mkdtempSync(join(tmpdir(), 'br-dist-')));
  cache = await startCacheServer({ dir: join(root, 'remote-cache'), token: TOKEN, readOnlyTokens: ['read-only-token'] });
  claude = await startFakeAnthropic({ scenario: SCENARIO });

  const origin = join(root, 'origin');
  write(origin, 'package.json', JSON.stringify({ name: 'greeter-ws', private: true, devDependencies: { nx: '23.2.1' } }));
  write(origin, 'nx.json', JSON.stringify({ plugins: [{ plugin: PACKAGE, options: { agent: { kind: 'anthropic' } } }] }));
  write(origin, '.gitignore', 'node_modules\n.nx\n.buildrunner/\n');
  write(origin, 'app/PROJECT_SPEC.md', SPEC);
  git(origin, 'init', '-q', '-b', 'main');
  git(origin, 'add', '-A');
  git(origin, 'commit', '-qm', 'start');
});

afterAll(async () => {
  await claude?.close();
  await cache?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the loopback remote cache speaks the API Nx uses', () => {
  const call = (method: string, hash: string, options: { token?: string; body?: Buffer; headers?: Record<string, string> } = {}) =>
    fetch(`${cache.url}/v1/cache/${hash}`, {
      method,
      headers: { ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }), ...options.headers },
      ...(options.body === undefined ? {} : { body: options.body }),
    });

  it('answers 404, stores once (200, then 409), serves the bytes back, and refuses bad tokens', async () => {
    const body = Buffer.from([0x1f, 0x8b, 0, 1, 2, 3, 255]);
    expect((await call('GET', '1001', { token: TOKEN })).status).toBe(404);
    const anonymous = await call('PUT', '1001', { body });
    expect(anonymous.status).toBe(401);
    // Nx reads a 401 as "unauthorized" only when it is text/plain.
    expect(anonymous.headers.get('content-type')).toBe('text/plain');
    expect((await call('PUT', '1001', { token: 'wrong', body })).status).toBe(403);
    expect((await call('PUT', '1001', { token: 'read-only-token', body })).status).toBe(403);
    expect((await call('PUT', '1001', { token: TOKEN, body })).status).toBe(200);
    expect((await call('PUT', '1001', { token: TOKEN, body: Buffer.from('other') })).status).toBe(409);

    const hit = await call('GET', '1001', { token: 'read-only-token' });
    expect(hit.status).toBe(200);
    expect(hit.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await hit.arrayBuffer())).toEqual(body);
    expect((await call('GET', '1001', { token: 'wrong' })).status).toBe(403);
    expect((await call('GET', 'x.y', { token: TOKEN })).status).toBe(400);
    expect(cache.events.filter((e) => e.hash === '1001').map((e) => e.outcome)).toEqual([
      'miss', 'unauthorized', 'forbidden', 'forbidden', 'stored', 'conflict', 'hit', 'forbidden',
    ]);
  });

  it('needs a Content-Length, bounds it, and never keeps an upload that was cut short', async () => {
    const small = await startCacheServer({ dir: join(root, 'small-cache'), token: TOKEN, maxEntryBytes: 16 });
    try {
      const put = (hash: string, headers: Record<string, string | number>, send: (req: ReturnType<typeof request>) => void) =>
        new Promise<number>((done) => {
          const req = request(`${small.url}/v1/cache/${hash}`, { method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, ...headers } }, (res) => {
            res.resume();
            done(res.statusCode ?? 0);
          });
          req.on('error', () => done(0));
          send(req);
        });

      expect(await put('2001', { 'Transfer-Encoding': 'chunked' }, (req) => req.end('abc'))).toBe(411);
      expect(await put('2002', { 'Content-Length': 32 }, (req) => req.end(Buffer.alloc(32)))).toBe(413);
      await put('2003', { 'Content-Length': 16 }, (req) => {
        req.write(Buffer.alloc(5));
        setTimeout(() => req.destroy(), 50);
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(join(small.dir, '2003'))).toBe(false);
      expect(readdirSync(join(small.dir, '.incoming'))).toEqual([]);
      expect(small.stats()).toMatchObject({ 'no-length': 1, 'too-large': 1, aborted: 1 });
      expect(await put('2004', { 'Content-Length': 4 }, (req) => req.end(Buffer.from('abcd')))).toBe(200);
      expect(readFileSync(join(small.dir, '2004'), 'utf8')).toBe('abcd');
    } finally {
      await small.close();
    }
  });
});

describe('a spec run in one clone, restored in others from the remote cache', () => {
  let treeA = '';

  it('clone A runs every task with the agent and stores each result in the remote cache', async () => {
    const a = clone('a');
    const before = cache.stats();

    const run = await runTasks(a);

    expect(run.status, run.all).toBe(0);
    expect(run.ran.map((p) => p.replace(/^br-/, ''))).toEqual(TASK_IDS);
    expect(new Set(asked())).toEqual(new Set(TASK_IDS));
    const after = cache.stats();
    expect((after.stored ?? 0) - (before.stored ?? 0)).toBe(3);
    expect((after.miss ?? 0) - (before.miss ?? 0)).toBe(3);
    expect(taskCommits(a)).toHaveLength(3);
    expect(git(a, 'show', 'br/integration:app/src/cli.js')).toContain("require('./greet')");
    treeA = integrationTree(a);
  });

  it('clone B restores every task from the cache, calls no agent, and ends with the same integration tree', async () => {
    expect(treeA).not.toBe('');
    const b = clone('b');
    const requestsBefore = claude.requests.length;
    const before = cache.stats();

    const run = await runTasks(b);

    expect(run.status, run.all).toBe(0);
    expect(run.fromRemote.map((p) => p.replace(/^br-/, '')), run.all).toEqual(TASK_IDS);
    expect(run.ran).toEqual([]);
    expect(claude.requests.length).toBe(requestsBefore);
    expect((cache.stats().hit ?? 0) - (before.hit ?? 0)).toBe(3);
    expect(integrationTree(b)).toBe(treeA);
    for (const id of TASK_IDS) expect(run.all).toMatch(new RegExp(`replayed ${id} from its record onto br/integration`));
    // No task worktree was ever made: nothing ran here.
    expect(existsSync(join(b, '.buildrunner/worktrees/greeting'))).toBe(false);

    // Running again changes nothing: no second replay, no duplicate commits.
    const tip = git(b, 'rev-parse', 'br/integration');
    const again = await runTasks(b);
    expect(again.status, again.all).toBe(0);
    expect(again.ran).toEqual([]);
    expect(git(b, 'rev-parse', 'br/integration')).toBe(tip);
    expect(taskCommits(b)).toHaveLength(3);
    expect(claude.requests.length).toBe(requestsBefore);
  });

  it('clone C with one feature edited runs only that task, on top of the changes replayed from the cache', async () => {
    expect(treeA).not.toBe('');
    const c = clone('c');
    write(c, 'app/PROJECT_SPEC.md', SPEC.replace('greets then says goodbye', 'greets, then says goodbye'));
    const askedBefore = asked().length;

    const run = await runTasks(c);

    expect(run.status, run.all).toBe(0);
    expect(run.fromRemote, run.all).toEqual(['br-farewell', 'br-greeting']);
    expect(run.ran).toEqual(['br-command-line']);
    expect(new Set(asked().slice(askedBefore))).toEqual(new Set(['command-line']));
    // Its executor replayed the dependencies' records before the agent started (their files are
    // what its verify command runs), so the hook after the run had nothing left to do.
    for (const id of ['farewell', 'greeting']) expect(run.all).toMatch(new RegExp(`\\[command-line\\] replayed ${id} from its record`));
    expect(run.all).not.toMatch(/nx-buildrunner: replayed/);
    expect(integrationTree(c)).toBe(treeA);
    expect(taskCommits(c)).toHaveLength(3);
  });
});
