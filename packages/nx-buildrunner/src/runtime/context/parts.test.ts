import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import { fitText } from './fit';
import { importCandidates, importRefs } from './imports';
import { counterparts, isTestFile } from './pairing';
import { skipReason, worktreePath } from './paths';
import { signatureLines } from './signatures';
import { fenced } from './text';

describe('allocate', () => {
  it('gives small items all they want and shares the rest among large ones', () => {
    expect(allocate([10, 500, 30, 800], 400)).toEqual([10, 180, 30, 180]);
    expect(allocate([10, 20], 1000)).toEqual([10, 20]);
    expect(allocate([100, 100], -5)).toEqual([0, 0]);
  });
});

describe('fitText', () => {
  const text = ['import x from "y";', ...Array.from({ length: 300 }, (_, i) => (i % 100 === 0 ? `function f${i}() {` : `  call(${i});`)), 'export const API = 1;'].join('\n');

  it('returns short text whole', () => {
    expect(fitText('a\nb', 10, 'head')).toEqual({ text: 'a\nb' });
  });

  it('keeps the head and lists later declarations with line numbers', () => {
    const fitted = fitText(text, 60, 'head');
    expect(fitted.text.startsWith('import x from "y";\nfunction f0() {')).toBe(true);
    // Exported declarations are chosen first, then shown in file order.
    expect(fitted.text).toMatch(/L102: function f100\(\) \{\nL302: export const API = 1;\n\[… 1 more declarations\]$/);
    expect(fitted.text.length).toBeLessThanOrEqual(60 * 3.5);
  });

  it('lists exported declarations first in api mode', () => {
    const fitted = fitText(text, 40, 'api');
    expect(fitted.text.split('\n')).toEqual([
      '[declarations of 302 lines, exported first]',
      'L302: export const API = 1;',
      'L2: function f0() {',
      '[… 2 more declarations]',
    ]);
    expect(fitted.trimmed).toBe('2 of 4 declarations of 302 lines');
  });
});

describe('signatureLines', () => {
  it('finds declarations across languages and marks the exported ones', () => {
    const src = [
      'export async function load(path: string): Promise<void> {',
      'const add = (a, b) => a + b;',
      '  private helper(x: number) {',
      'def public_api(x):',
      'def _private(x):',
      'pub fn parse(input: &str) -> Ast {',
      'func Serve(addr string) error {',
      "describe('slugify', () => {",
      '// function commented() {}',
      'x = 1',
    ].join('\n');
    expect(signatureLines(src).map((s) => [s.line, s.exported])).toEqual([
      [1, true], [2, false], [3, false], [4, true], [5, false], [6, true], [7, true], [8, false],
    ]);
  });
});

describe('imports', () => {
  it('reads JS, TS and Python import lines', () => {
    const src = [
      "import { a } from './a';",
      "import './side-effect';",
      "export * from '../b.js';",
      "const c = require('./c');",
      "const d = await import('./d');",
      "import fs from 'node:fs';",
      'from .models import User',
      'from . import helpers, views',
      'import pkg.sub',
    ].join('\n');
    expect(importRefs(src)).toEqual([
      { specifier: './a', style: 'js' },
      { specifier: './side-effect', style: 'js' },
      { specifier: '../b.js', style: 'js' },
      { specifier: './c', style: 'js' },
      { specifier: './d', style: 'js' },
      { specifier: 'node:fs', style: 'js' },
      { specifier: '.models', style: 'py' },
      { specifier: '.helpers', style: 'py' },
      { specifier: '.views', style: 'py' },
      { specifier: 'pkg.sub', style: 'py' },
    ]);
  });

  it('turns specifiers into candidate paths', () => {
    expect(importCandidates('app/src/x.ts', { specifier: 'react', style: 'js' }, 'app')).toEqual([]);
    const js = importCandidates('app/src/x.ts', { specifier: '../lib/y.js', style: 'js' }, 'app');
    expect(js.slice(0, 2)).toEqual(['app/lib/y.js', 'app/lib/y.ts']);
    expect(js).toContain('app/lib/y.js/index.ts');
    expect(importCandidates('p/pkg/a.py', { specifier: '..util', style: 'py' }, 'p')).toEqual(['p/util.py', 'p/util/__init__.py']);
    expect(importCandidates('p/pkg/a.py', { specifier: 'pkg.b', style: 'py' }, 'p')).toEqual([
      'p/pkg/b.py', 'p/pkg/b/__init__.py', 'p/pkg/pkg/b.py', 'p/pkg/pkg/b/__init__.py',
    ]);
  });
});

describe('pairing', () => {
  it('maps sources to test locations and back', () => {
    expect(counterparts('kit', 'kit/src/a/slug.ts')).toEqual(expect.arrayContaining(['kit/src/a/slug.test.ts', 'kit/src/a/__tests__/slug.spec.js', 'kit/test/a/slug.test.ts', 'kit/tests/slug.test.js']));
    expect(counterparts('.', 'pkg/mod.py')).toEqual(expect.arrayContaining(['pkg/test_mod.py', 'tests/pkg/test_mod.py', 'tests/test_mod.py']));
    expect(counterparts('.', 'srv/serve.go')).toContain('srv/serve_test.go');
    expect(counterparts('kit', 'kit/test/a/slug.test.js')).toEqual(expect.arrayContaining(['kit/src/a/slug.js', 'kit/lib/a/slug.ts', 'kit/a/slug.js']));
    expect(counterparts('.', 'src/__tests__/x.spec.tsx')).toContain('src/x.tsx');
    expect(isTestFile('tests/test_mod.py')).toBe(true);
    expect(isTestFile('src/mod.py')).toBe(false);
  });
});

describe('paths', () => {
  it('keeps paths inside the worktree and out of .git', () => {
    expect(worktreePath('kit', 'src/a.js')).toBe('kit/src/a.js');
    expect(worktreePath('.', './src\\a.js')).toBe('src/a.js');
    expect(worktreePath('kit', '../../x')).toBeUndefined();
    expect(worktreePath('kit', '/etc/passwd')).toBeUndefined();
    expect(worktreePath('.', '.git/config')).toBeUndefined();
  });

  it('names why a file is skipped', () => {
    expect(skipReason('a/node_modules/x/index.js')).toBe('generated or vendored directory');
    expect(skipReason('img/logo.PNG')).toBe('binary file');
    expect(skipReason('.env.local')).toBe('may hold credentials');
    expect(skipReason('package-lock.json')).toBe('machine-written file');
    expect(skipReason('src/index.ts')).toBeUndefined();
  });
});

describe('fenced', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(fenced('a ```` b', 'x.md')).toBe('`````md\na ```` b\n`````');
    expect(fenced('x', 'f.unknown')).toBe('```\nx\n```');
  });
});
