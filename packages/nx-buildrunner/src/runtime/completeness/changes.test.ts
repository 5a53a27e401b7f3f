import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import schema from '../../executors/task/schema.json';
import { makeTempRepo, type TempRepo } from '../git/__fixtures__/temp-repo';
import { DEFAULT_SCOPE_POLICY } from '../monitor/policy';
import { changeBase, textAt, worktreeChanges } from './changes';

let repo: TempRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

describe('worktreeChanges', () => {
  it('lists what a commit of the worktree would hold: tracked, staged, untracked and committed changes, not ignored files', async () => {
    repo = await makeTempRepo();
    const base = repo.git(['rev-parse', 'HEAD']);
    repo.write('app/src/greet.ts', 'export const greet = () => "hi";\n');
    rmSync(path.join(repo.dir, 'app/src/list.txt'));
    repo.write('app/src/new.ts', 'new\n');
    repo.write('app/src/staged.ts', 'staged\n');
    repo.git(['add', 'app/src/staged.ts']);
    repo.write('app/dist/out.js', 'built\n');
    repo.git(['mv', 'README.md', 'README.txt']);
    repo.write('app/committed.ts', 'c\n');
    repo.commitAll('the agent committed on its own');

    const listed = await worktreeChanges(await repo.open(), repo.dir, base);

    expect(listed.ok).toBe(true);
    const changes = listed.ok ? [...listed.changes].sort((a, b) => (a.path < b.path ? -1 : 1)) : [];
    expect(changes).toEqual([
      { kind: 'renamed', from: 'README.md', path: 'README.txt' },
      { kind: 'added', path: 'app/committed.ts' },
      { kind: 'modified', path: 'app/src/greet.ts' },
      { kind: 'deleted', path: 'app/src/list.txt' },
      { kind: 'added', path: 'app/src/new.ts' },
      { kind: 'added', path: 'app/src/staged.ts' },
    ]);
    expect(await textAt(await repo.open(), base, 'app/src/list.txt')).toBe('one\ntwo\nthree\nfour\nfive\n');
    expect(await textAt(await repo.open(), base, 'app/src/none.ts')).toBeUndefined();
  });

  it('reports git failing', async () => {
    repo = await makeTempRepo();
    const listed = await worktreeChanges(await repo.open(), repo.dir, 'not-a-commit');
    expect(listed).toMatchObject({ ok: false, message: expect.stringMatching(/^git .*diff.*not-a-commit/) });
  });
});

describe('changeBase', () => {
  it('is where the worktree started, or the commit a rebase in it goes onto', async () => {
    repo = await makeTempRepo();
    const start = repo.git(['rev-parse', 'HEAD']);
    const wt = path.join(repo.dir, '.buildrunner', 'wt');
    repo.git(['worktree', 'add', '-q', '-b', 'task', wt, start]);
    expect(await changeBase(wt, start)).toBe(start);

    repo.write('app/src/list.txt', 'one\nTWO\n');
    const onto = repo.commitAll('integration moved');
    repo.write('app/src/list.txt', 'one\nzwei\n', wt);
    repo.commitAll('task work', wt);
    expect(() => repo?.git(['rebase', onto], wt)).toThrow();
    expect(await changeBase(wt, start)).toBe(onto);
    repo.git(['rebase', '--abort'], wt);
    expect(await changeBase(wt, start)).toBe(start);
  });
});

describe('defaults', () => {
  it('agree between the executor schema and the code', () => {
    expect(schema.properties.verification.properties.scope.default).toBe(DEFAULT_SCOPE_POLICY);
    expect(schema.properties.verification.properties.guardTests.default).toBe(true);
  });
});
