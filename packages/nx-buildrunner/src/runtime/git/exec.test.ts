import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitRunner, describeFailure, firstLine, nulFields, text } from './exec';

describe('createGitRunner', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'br-exec-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs git with an argument vector and feeds stdin', async () => {
    const git = createGitRunner();
    // A shell would expand this; an argument vector hands it over verbatim.
    const input = 'hello $(whoami)\n';
    const out = await git(['hash-object', '--stdin'], { cwd: dir, input });
    expect(out.code).toBe(0);
    const blob = createHash('sha1').update(`blob ${input.length}\0${input}`).digest('hex');
    expect(firstLine(out)).toBe(blob);
  });

  it('reports a failing command as a value with its exit code', async () => {
    const out = await createGitRunner()(['rev-parse', '--verify', 'no-such-ref'], { cwd: dir });
    expect(out.code).toBe(128);
    expect(describeFailure(out)).toMatch(/^git rev-parse --verify no-such-ref \(exit 128\): fatal: /);
  });

  it('kills a command that outlives its time limit', async () => {
    const slow = createGitRunner({ gitPath: 'sleep', timeoutMs: 100 });
    const started = Date.now();
    const out = await slow(['5'], { cwd: dir });
    expect(out.code).toBe(-1);
    expect(out.error).toBe('timed out after 100 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('says so when git is missing', async () => {
    const out = await createGitRunner({ gitPath: 'no-such-git-binary' })(['--version'], { cwd: dir });
    expect(out).toMatchObject({ code: -1, error: 'no-such-git-binary not found (is git installed and on PATH?)' });
  });

  it('splits -z output', () => {
    expect(nulFields(Buffer.from('a\0b c\0\0'))).toEqual(['a', 'b c', '']);
    expect(text({ args: [], code: 0, stdout: Buffer.from('x\n'), stderr: '' })).toBe('x\n');
  });
});
