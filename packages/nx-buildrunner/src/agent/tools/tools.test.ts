import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../__fixtures__/temp-dirs';
import { TOOL_LIMITS } from './limits';
import { matchInWorker } from './search';
import { openToolbox, TOOLS } from './toolbox';

const tempDir = useTempDirs();

async function worktreeWith(files: Record<string, string>) {
  const worktree = await tempDir();
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(worktree, rel)), { recursive: true });
    await writeFile(path.join(worktree, rel), content);
  }
  return { worktree, toolbox: await openToolbox({ worktree, commandTimeoutMs: 5_000 }) };
}

describe('tool definitions', () => {
  it('offer a JSON schema whose required fields are declared properties', () => {
    for (const { definition } of TOOLS) {
      expect(definition.input_schema.type).toBe('object');
      for (const field of definition.input_schema.required) expect(definition.input_schema.properties).toHaveProperty(field);
      expect(definition.description.length).toBeGreaterThan(40);
    }
  });

  it('answer an unknown tool and malformed input with errors, not exceptions', async () => {
    const { toolbox } = await worktreeWith({});
    expect(await toolbox.run('rm_rf', {})).toMatchObject({ isError: true });
    expect((await toolbox.run('view_file', { path: 42 })).output).toMatch(/"path" must be a string/);
    expect((await toolbox.run('create_file', 'nope')).output).toMatch(/JSON object/);
    expect((await toolbox.run('str_replace', { path: 'a' })).output).toMatch(/missing required field "old_str"/);
  });
});

describe('view_file', () => {
  it('shows numbered lines and a requested range', async () => {
    const { toolbox } = await worktreeWith({ 'a.txt': 'one\ntwo\nthree\n' });
    expect((await toolbox.run('view_file', { path: 'a.txt' })).output).toBe('1\tone\n2\ttwo\n3\tthree');
    const range = await toolbox.run('view_file', { path: 'a.txt', start_line: 2, end_line: 2 });
    expect(range.output).toBe('2\ttwo\n[lines 2-2 of 3 in a.txt]');
    expect((await toolbox.run('view_file', { path: 'a.txt', start_line: 9 })).isError).toBe(true);
  });

  it('cuts long files with a note saying where to continue', async () => {
    const line = 'x'.repeat(99);
    const { toolbox } = await worktreeWith({ 'big.txt': `${line}\n`.repeat(2_000) });
    const view = await toolbox.run('view_file', { path: 'big.txt' });
    expect(view.output.length).toBeLessThanOrEqual(TOOL_LIMITS.maxViewChars + 200);
    expect(view.output).toMatch(/\[lines 1-(\d+) of 2000 in big\.txt; call view_file with start_line=\d+ to see more\]$/);
  });

  it('refuses binary files and directories', async () => {
    const { toolbox } = await worktreeWith({ 'img.bin': 'PNG\0\0data', 'dir/x.txt': 'x' });
    expect((await toolbox.run('view_file', { path: 'img.bin' })).output).toMatch(/binary/);
    expect((await toolbox.run('view_file', { path: 'dir' })).output).toMatch(/directory/);
    expect((await toolbox.run('view_file', { path: 'missing.txt' })).output).toMatch(/does not exist/);
  });
});

describe('create_file', () => {
  it('refuses to overwrite an existing file', async () => {
    const { toolbox, worktree } = await worktreeWith({ 'a.txt': 'keep me\n' });
    const result = await toolbox.run('create_file', { path: 'a.txt', content: 'lost\n' });
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/already exists; change it with str_replace/);
    expect(await readFile(path.join(worktree, 'a.txt'), 'utf8')).toBe('keep me\n');
    expect(toolbox.filesWritten()).toEqual([]);
  });

  it('refuses content over the write limit', async () => {
    const { toolbox } = await worktreeWith({});
    const result = await toolbox.run('create_file', { path: 'huge.txt', content: 'x'.repeat(TOOL_LIMITS.maxWriteBytes + 1) });
    expect(result.output).toMatch(/write limit/);
  });
});

describe('str_replace', () => {
  it('edits on exactly one match and echoes the result', async () => {
    const { toolbox, worktree } = await worktreeWith({ 'a.ts': 'const a = 1;\nconst b = 2;\n' });
    const result = await toolbox.run('str_replace', { path: 'a.ts', old_str: 'const b = 2;', new_str: 'const b = 3;' });
    expect(result.isError).toBe(false);
    expect(result.output).toContain('2\tconst b = 3;');
    expect(await readFile(path.join(worktree, 'a.ts'), 'utf8')).toBe('const a = 1;\nconst b = 3;\n');
    expect(toolbox.filesWritten()).toEqual(['a.ts']);
  });

  it('explains zero matches', async () => {
    const { toolbox } = await worktreeWith({ 'a.ts': 'const a = 1;\n' });
    const result = await toolbox.run('str_replace', { path: 'a.ts', old_str: 'const  a', new_str: 'x' });
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/not found in a\.ts \(0 matches\)/);
  });

  it('explains two matches with their lines and changes nothing', async () => {
    const { toolbox, worktree } = await worktreeWith({ 'a.ts': 'x();\ny();\nx();\n' });
    const result = await toolbox.run('str_replace', { path: 'a.ts', old_str: 'x();', new_str: 'z();' });
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/matches 2 times in a\.ts \(at lines 1, 3\)/);
    expect(await readFile(path.join(worktree, 'a.ts'), 'utf8')).toBe('x();\ny();\nx();\n');
    expect(toolbox.filesWritten()).toEqual([]);
  });
});

describe('list_files', () => {
  it('lists recursively, sorted, without .git and node_modules, filtered by pattern', async () => {
    const { toolbox } = await worktreeWith({
      'src/b.ts': '',
      'src/a.test.ts': '',
      'README.md': '',
      '.git/HEAD': '',
      'node_modules/x/index.js': '',
      'pkg/node_modules/y.js': '',
    });
    expect((await toolbox.run('list_files', {})).output).toBe('README.md\nsrc/a.test.ts\nsrc/b.ts');
    expect((await toolbox.run('list_files', { pattern: '*.test.ts' })).output).toBe('src/a.test.ts');
    expect((await toolbox.run('list_files', { dir: 'src', pattern: 'src/b*' })).output).toBe('src/b.ts');
  });

  it('caps the listing with a note', async () => {
    const files = Object.fromEntries(Array.from({ length: TOOL_LIMITS.maxListEntries + 5 }, (_, i) => [`f/${i}.txt`, '']));
    const { toolbox } = await worktreeWith(files);
    const output = (await toolbox.run('list_files', { dir: 'f' })).output.split('\n');
    expect(output).toHaveLength(TOOL_LIMITS.maxListEntries + 1);
    expect(output.at(-1)).toMatch(/505 files, first 500 shown/);
  });
});

describe('search', () => {
  it('finds literal text as path:line, skipping .git and binaries', async () => {
    const { toolbox } = await worktreeWith({
      'src/a.ts': 'const x = f(1);\nconst y = f(2);\n',
      'src/b.md': 'f(1) in docs\n',
      '.git/config': 'f(1)\n',
      'bin.dat': 'f(1)\0',
    });
    const all = await toolbox.run('search', { pattern: 'f(1)' });
    expect(all.output).toBe('src/a.ts:1: const x = f(1);\nsrc/b.md:1: f(1) in docs');
    const ts = await toolbox.run('search', { pattern: 'F\\(\\d\\)', regex: true, ignore_case: true, glob: '*.ts' });
    expect(ts.output).toBe('src/a.ts:1: const x = f(1);\nsrc/a.ts:2: const y = f(2);');
    expect((await toolbox.run('search', { pattern: 'absent' })).output).toBe('No matches.');
  });

  it('caps the matches with a note and rejects a broken regex', async () => {
    const { toolbox } = await worktreeWith({ 'many.txt': 'hit\n'.repeat(TOOL_LIMITS.maxSearchMatches + 20) });
    const output = (await toolbox.run('search', { pattern: 'hit' })).output.split('\n');
    expect(output).toHaveLength(TOOL_LIMITS.maxSearchMatches + 1);
    expect(output.at(-1)).toMatch(/120 matching lines, first 100 shown/);
    expect((await toolbox.run('search', { pattern: '(', regex: true })).output).toMatch(/invalid regular expression/);
  });

  it('gives up on a catastrophically backtracking regex instead of hanging', async () => {
    const worktree = await tempDir();
    await writeFile(path.join(worktree, 'evil.txt'), `${'a'.repeat(40)}b\n`);
    const started = Date.now();
    const found = await matchInWorker({ files: [{ abs: path.join(worktree, 'evil.txt'), rel: 'evil.txt' }], source: '^(a+)+$', flags: '' }, 300);
    expect(found).toEqual({ error: expect.stringMatching(/gave up after 0.3 s/) });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
