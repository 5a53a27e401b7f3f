import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runVerification } from './verify';
import type { OnceKey, VerifyCheck } from './types';
import { isProcessAlive } from '../lock';

const KEY = `sk-ant-api03-${'Kq8'.repeat(20)}`;


async function waitFor(predicate: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return predicate();
}

describe('runVerification', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'br-verify-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports missing, empty and out-of-project task files', async () => {
    await writeFile(path.join(dir, 'a.js'), 'x');
    await writeFile(path.join(dir, 'b.js'), '');
    const report = await runVerification({ id: 't', files: ['a.js', 'b.js', 'c.js', '../outside.js'] }, { cwd: dir, commands: [] });
    expect(report.ok).toBe(false);
    expect(report.missingFiles).toEqual(['c.js', '../outside.js']);
    expect(report.emptyFiles).toEqual(['b.js']);
    expect(report.summary).toBe('failed: missing c.js, ../outside.js; empty b.js');
  });

  it('passes when files exist and every command passes in the project directory', async () => {
    await writeFile(path.join(dir, 'a.js'), 'x');
    const report = await runVerification({ id: 't', files: ['a.js'] }, { cwd: dir, commands: ['node -e "process.stdout.write(process.cwd())"', 'true'] });
    expect(report.ok).toBe(true);
    expect(report.commands.map((c) => [c.exitCode, c.timedOut])).toEqual([[0, false], [0, false]]);
    expect(report.commands[0]?.output).toBe(await realpath(dir));
    expect(report.summary).toBe('verified: 2 commands passed');
  });

  it('keeps the head and tail of a failing command’s long output', async () => {
    const script = "for (let i = 0; i < 5000; i++) console.log('line ' + i); process.exitCode = 3";
    const report = await runVerification(
      { id: 't', files: [] },
      { cwd: dir, commands: [`node -e "${script}"`, 'node -e "console.error(\'to stderr\')"'], maxOutputChars: 1000 },
    );
    expect(report.ok).toBe(false);
    const [failed, passed] = report.commands;
    expect(failed?.exitCode).toBe(3);
    expect(failed?.output.startsWith('line 0\nline 1\n')).toBe(true);
    expect(failed?.output).toMatch(/\[\.\.\. \d+ characters omitted \.\.\.\]/);
    expect(failed?.output.endsWith('line 4999\n')).toBe(true);
    expect(failed?.output.length).toBeLessThan(1100);
    expect(passed?.exitCode).toBe(0);
    expect(passed?.output).toBe('to stderr\n');
    expect(report.summary).toMatch(/^failed: `node -e .*` exited with code 3 after \d+\.\d s$/);
  });

  it('kills the whole process tree on timeout', async () => {
    const report = await runVerification(
      { id: 't', files: [] },
      { cwd: dir, commands: ['sleep 30 & echo $! > child.pid; wait'], timeoutMs: 400 },
    );
    const child = Number((await readFile(path.join(dir, 'child.pid'), 'utf8')).trim());
    expect(report.commands[0]?.timedOut).toBe(true);
    expect(report.commands[0]?.durationMs).toBeLessThan(5_000);
    expect(report.ok).toBe(false);
    expect(report.summary).toMatch(/timed out after/);
    expect(await waitFor(() => !isProcessAlive(child), 3_000)).toBe(true);
  });

  it('ends processes a command leaves in the background', async () => {
    const report = await runVerification({ id: 't', files: [] }, { cwd: dir, commands: ['sleep 30 & echo $! > bg.pid'] });
    const bg = Number((await readFile(path.join(dir, 'bg.pid'), 'utf8')).trim());
    expect(report.ok).toBe(true);
    expect(report.commands[0]?.durationMs).toBeLessThan(5_000);
    expect(await waitFor(() => !isProcessAlive(bg), 3_000)).toBe(true);
  });

  it('runs commands without secrets in their environment and scrubs them from output', async () => {
    await writeFile(path.join(dir, 'leak.txt'), `key=${KEY}\n`);
    const env = { PATH: process.env.PATH, ANTHROPIC_API_KEY: KEY, GITHUB_TOKEN: 'ghs-token-value-123', KEEP_ME: 'yes' };
    const report = await runVerification(
      { id: 't', files: [] },
      { cwd: dir, env, commands: ['node -e "console.log(JSON.stringify([process.env.ANTHROPIC_API_KEY ?? null, process.env.GITHUB_TOKEN ?? null, process.env.KEEP_ME]))"', 'cat leak.txt'] },
    );
    expect(report.commands[0]?.output.trim()).toBe('[null,null,"yes"]');
    expect(report.commands[1]?.output).toBe('key=[redacted]\n');
    expect(JSON.stringify(report)).not.toContain(KEY);
  });

  it('reports a command that cannot start', async () => {
    const report = await runVerification({ id: 't', files: [] }, { cwd: path.join(dir, 'nope'), commands: ['true'] });
    expect(report.ok).toBe(false);
    expect(report.commands[0]?.exitCode).toBeNull();
    expect(report.commands[0]?.output).toMatch(/failed to start/);
  });

  it('runs extra checks and fails on theirs', async () => {
    const checks: VerifyCheck[] = [
      { name: 'tests-intact', run: async ({ task }) => ({ name: 'tests-intact', ok: false, message: `${task.id} deleted an assertion` }) },
      { name: 'explodes', run: async () => Promise.reject(new Error('kaboom')) },
      { name: 'fine', run: async () => ({ name: 'fine', ok: true, message: 'ok' }) },
    ];
    const report = await runVerification({ id: 'slug', files: [] }, { cwd: dir, commands: [], checks });
    expect(report.ok).toBe(false);
    expect(report.checks).toEqual([
      { name: 'tests-intact', ok: false, message: 'slug deleted an assertion' },
      { name: 'explodes', ok: false, message: 'check crashed: kaboom' },
      { name: 'fine', ok: true, message: 'ok' },
    ]);
    expect(report.summary).toBe('failed: tests-intact: slug deleted an assertion; explodes: check crashed: kaboom');
  });

  it('lets checks share work within one verification, and only within it', async () => {
    const listing: OnceKey<string[]> = { name: 'listing' };
    let listed = 0;
    const list = async () => (listed++, ['a.ts']);
    const sharing = (name: string): VerifyCheck => ({
      name,
      run: async ({ once }) => ({ name, ok: (await once(listing, list)).length === 1, message: 'listed' }),
    });
    const checks = [sharing('scope'), sharing('tests-intact')];

    const first = await runVerification({ id: 't', files: [] }, { cwd: dir, commands: [], checks });
    expect(first.ok).toBe(true);
    expect(listed).toBe(1);
    await runVerification({ id: 't', files: [] }, { cwd: dir, commands: [], checks });
    expect(listed).toBe(2);
  });
});
