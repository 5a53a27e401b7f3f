import { describe, expect, it } from 'vitest';
import { componentsIn, isPathLike, mergeComponents } from './components';

describe('isPathLike', () => {
  it('accepts files and directories', () => {
    for (const p of ['src/db/schema.sql', 'README.md', '../br3-task-engine', 'web/', '.env', 'Dockerfile', 'app/[id]/page.tsx', '/etc/app.conf']) {
      expect(isPathLike(p), p).toBe(true);
    }
  });

  it('rejects code, commands, routes and urls', () => {
    for (const p of ['slugify(text)', 'GET /todos', '/todos/:id', '/sync', 'better-sqlite3', 'https://x.dev/a.js', '--watch', 'a b.ts', 'process.env', '...']) {
      expect(isPathLike(p), p).toBe(false);
    }
  });
});

describe('componentsIn', () => {
  it('takes the action from the verb before each path', () => {
    expect(componentsIn('Create `a/x.ts`, update `b/y.ts` and read `c/z.ts`', 7)).toEqual([
      { path: 'a/x.ts', action: 'create', line: 7 },
      { path: 'b/y.ts', action: 'update', line: 7 },
      { path: 'c/z.ts', action: 'update', line: 7 },
    ]);
    expect(componentsIn('Modify `src/app.ts`', 1)[0]?.action).toBe('update');
    expect(componentsIn('Uses `src/app.ts`', 1)[0]?.action).toBe('reference');
  });

  it('reads unquoted paths only when asked, and only with a slash and an extension', () => {
    const text = 'Implement LinkService in backend/src/link.py with Node.js, see docs/ and `api/x.ts`';
    expect(componentsIn(text, 1).map((c) => c.path)).toEqual(['api/x.ts']);
    expect(componentsIn(text, 1, { plainPaths: true, fallback: 'create' })).toEqual([
      { path: 'backend/src/link.py', action: 'create', line: 1 },
      { path: 'api/x.ts', action: 'create', line: 1 },
    ]);
  });

  it('does not read paths out of commands in backticks twice', () => {
    expect(componentsIn('`node --test test/a.test.js`', 1, { plainPaths: true })).toEqual([]);
  });
});

describe('mergeComponents', () => {
  it('keeps one entry per path with the strongest action and the first line', () => {
    expect(
      mergeComponents([
        { path: 'a.ts', action: 'reference', line: 3 },
        { path: 'a.ts', action: 'create', line: 9 },
        { path: 'b.ts', action: 'update', line: 4 },
        { path: 'b.ts', action: 'reference', line: 5 },
      ]),
    ).toEqual([
      { path: 'a.ts', action: 'create', line: 3 },
      { path: 'b.ts', action: 'update', line: 4 },
    ]);
  });
});
