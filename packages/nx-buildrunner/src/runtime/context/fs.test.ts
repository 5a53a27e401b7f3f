import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeContextFs } from './fs';

describe('nodeContextFs', () => {
  let dir: string;
  let outside: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'br-ctx-'));
    outside = await mkdtemp(path.join(tmpdir(), 'br-outside-'));
    await writeFile(path.join(outside, 'credentials'), 'secret');
    await mkdir(path.join(dir, 'src'));
    await writeFile(path.join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
    await symlink(path.join(outside, 'credentials'), path.join(dir, 'src', 'leak.txt'));
    await symlink('a.ts', path.join(dir, 'src', 'alias.ts'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('reads a bounded head and the full size', async () => {
    const fs = nodeContextFs(dir);
    const head = await fs.readFile('src/a.ts', 6);
    expect(Buffer.from(head?.bytes ?? []).toString()).toBe('export');
    expect(head?.size).toBe(20);
    expect(await fs.readFile('src/missing.ts', 10)).toBeUndefined();
    expect(await fs.readFile('src', 10)).toBeUndefined();
  });

  it('refuses paths and symlinks that leave the worktree', async () => {
    const fs = nodeContextFs(dir);
    expect(await fs.readFile('src/leak.txt', 100)).toBeUndefined();
    expect(await fs.readFile(`../${path.basename(outside)}/credentials`, 100)).toBeUndefined();
    expect(await fs.readFile(path.join(outside, 'credentials'), 100)).toBeUndefined();
    expect((await fs.readFile('src/alias.ts', 100))?.size).toBe(20);
    expect(await fs.listFiles('..')).toEqual([]);
  });

  it('lists regular files and directories only', async () => {
    const fs = nodeContextFs(dir);
    expect(await fs.listFiles('.')).toEqual([{ name: 'src', kind: 'dir' }]);
    expect((await fs.listFiles('src')).map((e) => e.name).sort()).toEqual(['a.ts']);
    expect(await fs.listFiles('nope')).toEqual([]);
  });
});
