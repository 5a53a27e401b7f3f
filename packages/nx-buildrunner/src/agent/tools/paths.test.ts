import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../__fixtures__/temp-dirs';
import { openToolbox } from './toolbox';

const tempDir = useTempDirs();

/** A worktree with a file, a .git directory, and a secret file next to it (outside). */
async function setup() {
  const base = await tempDir();
  const worktree = path.join(base, 'wt');
  const outside = path.join(base, 'outside');
  await mkdir(path.join(worktree, 'src'), { recursive: true });
  await mkdir(path.join(worktree, '.git'));
  await mkdir(outside);
  await writeFile(path.join(worktree, 'src/a.txt'), 'alpha\n');
  await writeFile(path.join(worktree, '.git/config'), '[core]\n');
  await writeFile(path.join(outside, 'secret.txt'), 'top secret\n');
  const toolbox = await openToolbox({ worktree, commandTimeoutMs: 5_000 });
  return { worktree, outside, toolbox };
}

describe('sandboxed paths', () => {
  it('refuses a .. escape', async () => {
    const { toolbox } = await setup();
    const read = await toolbox.run('view_file', { path: '../outside/secret.txt' });
    expect(read.isError).toBe(true);
    expect(read.output).toMatch(/outside the worktree/);
    const write = await toolbox.run('create_file', { path: 'src/../../escaped.txt', content: 'x' });
    expect(write.isError).toBe(true);
    expect(toolbox.filesWritten()).toEqual([]);
  });

  it('refuses an absolute path outside the worktree', async () => {
    const { toolbox, outside } = await setup();
    const read = await toolbox.run('view_file', { path: path.join(outside, 'secret.txt') });
    expect(read.isError).toBe(true);
    expect(read.output).toMatch(/outside the worktree/);
    expect(read.output).not.toMatch(/top secret/);
  });

  it('accepts an absolute path inside the worktree', async () => {
    const { toolbox, worktree } = await setup();
    const read = await toolbox.run('view_file', { path: path.join(worktree, 'src/a.txt') });
    expect(read).toMatchObject({ isError: false, path: 'src/a.txt' });
    expect(read.output).toContain('alpha');
  });

  it('refuses a symlinked file that points outside, for reading and for editing', async () => {
    const { toolbox, worktree, outside } = await setup();
    await symlink(path.join(outside, 'secret.txt'), path.join(worktree, 'src/link.txt'));
    const read = await toolbox.run('view_file', { path: 'src/link.txt' });
    expect(read.isError).toBe(true);
    expect(read.output).toMatch(/symbolic link/);
    const edit = await toolbox.run('str_replace', { path: 'src/link.txt', old_str: 'top', new_str: 'no' });
    expect(edit.isError).toBe(true);
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
  });

  it('refuses a symlinked directory that points outside, for reading and for writing', async () => {
    const { toolbox, worktree, outside } = await setup();
    await symlink(outside, path.join(worktree, 'linked'));
    const read = await toolbox.run('view_file', { path: 'linked/secret.txt' });
    expect(read.isError).toBe(true);
    const write = await toolbox.run('create_file', { path: 'linked/new/planted.txt', content: 'x' });
    expect(write.isError).toBe(true);
    expect(write.output).toMatch(/symbolic link/);
    await expect(readFile(path.join(outside, 'new/planted.txt'))).rejects.toThrow();
    const list = await toolbox.run('list_files', { dir: 'linked' });
    expect(list.isError).toBe(true);
  });

  it('refuses writing through a dangling symlink, which would create its target outside', async () => {
    const { toolbox, worktree, outside } = await setup();
    await symlink(path.join(outside, 'created-by-agent.txt'), path.join(worktree, 'dangling'));
    const write = await toolbox.run('create_file', { path: 'dangling', content: 'x' });
    expect(write.isError).toBe(true);
    await expect(readFile(path.join(outside, 'created-by-agent.txt'))).rejects.toThrow();
  });

  it('refuses writes into .git', async () => {
    const { toolbox, worktree } = await setup();
    for (const target of ['.git/hooks/pre-commit', 'src/.git/x', '.GIT/config2', '.git']) {
      const write = await toolbox.run('create_file', { path: target, content: '#!/bin/sh\n' });
      expect(write.isError, target).toBe(true);
      expect(write.output).toMatch(/\.git/);
    }
    const edit = await toolbox.run('str_replace', { path: '.git/config', old_str: '[core]', new_str: '[x]' });
    expect(edit.isError).toBe(true);
    expect(await readFile(path.join(worktree, '.git/config'), 'utf8')).toBe('[core]\n');
  });

  it('refuses reading .git/config, also through a symlink', async () => {
    const { toolbox, worktree } = await setup();
    const read = await toolbox.run('view_file', { path: '.git/config' });
    expect(read.isError).toBe(true);
    expect(read.output).not.toContain('[core]');
    await symlink(path.join(worktree, '.git'), path.join(worktree, 'innocent'));
    const viaLink = await toolbox.run('view_file', { path: 'innocent/config' });
    expect(viaLink.isError).toBe(true);
    expect(viaLink.output).toMatch(/\.git/);
  });

  it('refuses a path with a NUL byte', async () => {
    const { toolbox } = await setup();
    const read = await toolbox.run('view_file', { path: 'src/a.txt\0../../etc/passwd' });
    expect(read.isError).toBe(true);
    expect(read.output).toMatch(/NUL/);
  });

  it('creates missing parent directories inside the worktree and records the path', async () => {
    const { toolbox, worktree } = await setup();
    const write = await toolbox.run('create_file', { path: 'lib/deep/new.ts', content: 'export {};\n' });
    expect(write).toMatchObject({ isError: false, path: 'lib/deep/new.ts' });
    expect(await readFile(path.join(worktree, 'lib/deep/new.ts'), 'utf8')).toBe('export {};\n');
    expect(toolbox.filesWritten()).toEqual(['lib/deep/new.ts']);
  });
});
