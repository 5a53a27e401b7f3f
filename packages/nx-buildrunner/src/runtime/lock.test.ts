import { execFile, spawn } from 'node:child_process';
import { existsSync, promises as fs, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, removeStaleLock, withLock, type LockOwner } from './lock';

let dir = '';
let n = 0;
const lockFile = (): string => path.join(dir, `case-${++n}`, 'test.lock');

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'br-lock-'));
  // Child processes run the real modules, transpiled once: they share nothing with us but the file system.
  for (const name of ['lock', 'turns']) {
    const source = await fs.readFile(path.join(__dirname, `${name}.ts`), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    await fs.writeFile(path.join(dir, `${name}.js`), js);
  }
  await fs.writeFile(
    path.join(dir, 'holder.cjs'),
    `const { acquireLock } = require('./lock.js');
const fs = require('node:fs');
const [file, log, name, holdMs] = process.argv.slice(2);
(async () => {
  const got = await acquireLock(file, { purpose: 'holder ' + name, timeoutMs: 20000 });
  if (!got.ok) { console.error(got.message); process.exit(2); }
  fs.appendFileSync(log, 'start ' + name + '\\n');
  await new Promise((r) => setTimeout(r, Number(holdMs)));
  fs.appendFileSync(log, 'end ' + name + '\\n');
  const released = await got.lock.release();
  console.log(JSON.stringify({ recovered: got.recovered.length, released: released.ok }));
})();
`,
  );
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

function runHolder(file: string, log: string, name: string, holdMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(dir, 'holder.cjs'), file, log, name, String(holdMs)], (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Every `start X` is followed by `end X` before anyone else starts. */
function expectSerialised(log: string, names: string[]): void {
  const lines = log.trim().split('\n');
  expect(lines).toHaveLength(names.length * 2);
  for (let i = 0; i < lines.length; i += 2) {
    const who = lines[i]?.replace(/^start /, '');
    expect(lines[i + 1]).toBe(`end ${who}`);
  }
  expect(lines.filter((l) => l.startsWith('start ')).map((l) => l.slice(6)).sort()).toEqual([...names].sort());
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

function ownerJson(over: Partial<LockOwner>): string {
  return JSON.stringify({ pid: process.pid, hostname: os.hostname(), startedAt: '2030-01-01T00:00:00.000Z', purpose: 'someone else', token: 'theirs', ...over });
}

describe('acquireLock across processes', () => {
  it('serialises concurrent holders', async () => {
    const file = lockFile();
    const log = path.join(dir, `serial-${n}.log`);
    const names = ['a', 'b', 'c'];
    const results = await Promise.all(names.map((name) => runHolder(file, log, name, 150)));
    for (const r of results) expect(r).toMatchObject({ code: 0, stderr: '' });
    expectSerialised(await fs.readFile(log, 'utf8'), names);
    expect(existsSync(file)).toBe(false);
  });

  it('recovers a lock whose owner died, once, even with several waiters racing for it', async () => {
    const file = lockFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, ownerJson({ pid: await deadPid(), purpose: 'killed with -9', token: 'dead' }));
    const log = path.join(dir, `stale-${n}.log`);
    const names = ['x', 'y', 'z'];
    const results = await Promise.all(names.map((name) => runHolder(file, log, name, 100)));
    for (const r of results) expect(r).toMatchObject({ code: 0, stderr: '' });
    const recovered = results.map((r) => (JSON.parse(r.stdout) as { recovered: number }).recovered);
    expect(recovered.reduce((a, b) => a + b, 0)).toBe(1);
    expectSerialised(await fs.readFile(log, 'utf8'), names);
    expect(await fs.readdir(path.dirname(file))).toEqual([]);
  });
});

describe('acquireLock', () => {
  it('writes its owner as JSON and releases only what it owns, once', async () => {
    const file = lockFile();
    const got = await acquireLock(file, { purpose: 'merge t1' });
    if (!got.ok) throw new Error(got.message);
    const onDisk = JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner;
    expect(onDisk).toEqual({ pid: process.pid, hostname: os.hostname(), startedAt: expect.any(String), purpose: 'merge t1', token: got.lock.owner.token });
    expect(await got.lock.release()).toEqual({ ok: true });
    expect(existsSync(file)).toBe(false);
    expect(await got.lock.release()).toEqual({ ok: true });

    const again = await acquireLock(file, { purpose: 'merge t2' });
    if (!again.ok) throw new Error(again.message);
    await fs.writeFile(file, ownerJson({ token: 'usurper' }));
    expect(await again.lock.release()).toMatchObject({ ok: false, reason: 'lost' });
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toMatchObject({ token: 'usurper' });
  });

  it('times out with a message naming the owner', async () => {
    const file = lockFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, ownerJson({}));
    const started = Date.now();
    const got = await acquireLock(file, { purpose: 'me', timeoutMs: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(got).toEqual({
      ok: false,
      reason: 'timeout',
      owner: expect.objectContaining({ pid: process.pid, purpose: 'someone else' }),
      message: `timed out after 200 ms waiting for lock ${file}: held by pid ${process.pid} (running) since 2030-01-01T00:00:00.000Z for "someone else"`,
    });
  });

  it('never takes a lock from another host, whose pids it cannot check', async () => {
    const file = lockFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, ownerJson({ hostname: 'build-agent-7', pid: 1 }));
    const got = await acquireLock(file, { purpose: 'me', timeoutMs: 100, isAlive: () => false });
    expect(got).toMatchObject({ ok: false, reason: 'timeout', message: expect.stringContaining('(on host build-agent-7, not checked)') });
  });

  it('waits on an unreadable lock while it is young and recovers it once old', async () => {
    const file = lockFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '');
    expect(await acquireLock(file, { purpose: 'me', timeoutMs: 100 })).toMatchObject({ ok: false, reason: 'timeout', message: expect.stringContaining('unreadable lock file') });
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(file, old, old);
    const got = await acquireLock(file, { purpose: 'me', timeoutMs: 100 });
    expect(got.ok).toBe(true);
    if (got.ok) await got.lock.release();
  });

  it('withLock releases when the work throws', async () => {
    const file = lockFile();
    await expect(withLock(file, { purpose: 'boom' }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(file)).toBe(false);
    expect(await withLock(file, { purpose: 'fine' }, async (lock) => lock.owner.purpose)).toEqual({ ok: true, value: 'fine' });
  });
});

describe('removeStaleLock', () => {
  it('removes a dead owner\'s lock, keeps a live one, and reports a missing one as free', async () => {
    const file = lockFile();
    expect(await removeStaleLock(file)).toEqual({ state: 'free' });
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, ownerJson({}));
    expect(await removeStaleLock(file)).toMatchObject({ state: 'held', owner: { pid: process.pid } });
    const dead = await deadPid();
    await fs.writeFile(file, ownerJson({ pid: dead }));
    expect(await removeStaleLock(file)).toMatchObject({ state: 'removed', owner: { pid: dead } });
    expect(existsSync(file)).toBe(false);
  });

  it('puts back a live lock that replaced the stale one between the check and the removal', async () => {
    const file = lockFile();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, ownerJson({ pid: 999_999, token: 'dead' }));
    const live = ownerJson({ token: 'live' });
    // The liveness check is the last moment before the rename: another process wins the lock right then.
    const result = await removeStaleLock(file, () => {
      writeFileSync(file, live);
      return false;
    });
    expect(result).toEqual({ state: 'free' });
    expect(await fs.readFile(file, 'utf8')).toBe(live);
    expect((await fs.readdir(path.dirname(file))).filter((f) => f.includes('.stale-'))).toEqual([]);
  });
});

describe('holders in one process', () => {
  it('pass the lock on at release, in the order they asked, without polling the file', async () => {
    const file = lockFile();
    const first = await acquireLock(file, { purpose: 'first' });
    if (!first.ok) throw new Error(first.message);
    const order: string[] = [];
    // A back-off this long would make any polling waiter miss the hand-over by seconds.
    const slow = { minDelayMs: 5_000, maxDelayMs: 5_000 };
    const second = acquireLock(file, { purpose: 'second', ...slow }).then((r) => (order.push('second'), r));
    const third = acquireLock(file, { purpose: 'third', ...slow }).then((r) => (order.push('third'), r));
    await new Promise((r) => setTimeout(r, 30));

    const releasedAt = Date.now();
    await first.lock.release();
    const got2 = await second;
    if (!got2.ok) throw new Error(got2.message);
    expect(Date.now() - releasedAt).toBeLessThan(2_000);
    expect(JSON.parse(await fs.readFile(file, 'utf8')).purpose).toBe('second');
    await got2.lock.release();
    const got3 = await third;

    expect(got3.ok).toBe(true);
    expect(order).toEqual(['second', 'third']);
    if (got3.ok) await got3.lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('let the most urgent waiter in first', async () => {
    const file = lockFile();
    const held = await acquireLock(file, { purpose: 'held' });
    if (!held.ok) throw new Error(held.message);
    const order: string[] = [];
    const take = (purpose: string, priority: number) =>
      acquireLock(file, { purpose, priority }).then(async (r) => {
        order.push(purpose);
        if (r.ok) await r.lock.release();
      });
    const waiting = [take('routine', 1), take('critical path', 9), take('default', 0)];
    await new Promise((r) => setTimeout(r, 20));

    await held.lock.release();
    await Promise.all(waiting);

    expect(order).toEqual(['critical path', 'routine', 'default']);
  });

  it('times out behind a holder of the same process and leaves the line usable', async () => {
    const file = lockFile();
    const held = await acquireLock(file, { purpose: 'held' });
    if (!held.ok) throw new Error(held.message);

    const late = await acquireLock(file, { purpose: 'late', timeoutMs: 50 });

    expect(late).toMatchObject({ ok: false, reason: 'timeout' });
    expect(late.ok ? '' : late.message).toContain(`held by this process (pid ${process.pid})`);
    await held.lock.release();
    const after = await acquireLock(file, { purpose: 'after', timeoutMs: 1_000 });
    expect(after.ok).toBe(true);
    if (after.ok) await after.lock.release();
  });
});
