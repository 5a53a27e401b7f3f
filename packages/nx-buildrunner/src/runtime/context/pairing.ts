import * as posix from 'node:path/posix';
import { extensionOf } from './paths';

/**
 * Where a source file's tests live, or a test's source, under the conventions of the common
 * ecosystems: `foo.test.ts` / `foo.spec.ts` / `__tests__/foo.ts` beside it, `test/` or `tests/`
 * mirroring `src/` or `lib/`, Python's `test_foo.py` / `foo_test.py`, Go's `foo_test.go`.
 * Only candidates: the caller keeps those that exist.
 */
const JS_FAMILY = ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'mts', 'cts'];
const SOURCE_ROOTS = ['src', 'lib', 'app'];
const TEST_ROOTS = ['test', 'tests', 'spec', '__tests__'];
const TEST_NAME = /^(.+)\.(?:test|spec)\.([^.]+)$|^test_(.+)\.(py)$|^(.+)_test\.(py|go)$/;

function family(ext: string): string[] {
  return JS_FAMILY.includes(ext) ? JS_FAMILY : [ext];
}

/** `file` relative to `specDir`, split at its first segment. */
function split(specDir: string, file: string): { rel: string; first: string; rest: string } {
  const rel = specDir === '.' ? file : posix.relative(specDir, file);
  const slash = rel.indexOf('/');
  return slash < 0 ? { rel, first: '', rest: rel } : { rel, first: rel.slice(0, slash), rest: rel.slice(slash + 1) };
}

export function isTestFile(file: string): boolean {
  return TEST_NAME.test(posix.basename(file)) || file.split('/').slice(0, -1).some((s) => TEST_ROOTS.includes(s));
}

export function counterparts(specDir: string, file: string): string[] {
  const dir = posix.dirname(file);
  const base = posix.basename(file);
  const test = TEST_NAME.exec(base);
  const out: string[] = [];
  const { first, rest } = split(specDir, file);
  const restDir = posix.dirname(rest) === '.' ? '' : posix.dirname(rest);
  if (test !== null) {
    const stem = test[1] ?? test[3] ?? test[5] ?? '';
    const ext = test[2] ?? test[4] ?? test[6] ?? '';
    const names = family(ext).map((e) => `${stem}.${e}`);
    const dirs = [dir];
    if (posix.basename(dir) === '__tests__') dirs.push(posix.dirname(dir));
    if (TEST_ROOTS.includes(first)) {
      for (const root of [...SOURCE_ROOTS, '']) dirs.push(posix.join(specDir, root, restDir));
    }
    for (const d of dirs) for (const n of names) out.push(posix.join(d, n));
    return out;
  }
  const ext = extensionOf(base);
  const stem = ext === '' ? base : base.slice(0, -(ext.length + 1));
  const testNames =
    ext === 'py' ? [`test_${stem}.py`, `${stem}_test.py`]
    : ext === 'go' ? [`${stem}_test.go`]
    : family(ext).flatMap((e) => [`${stem}.test.${e}`, `${stem}.spec.${e}`]);
  const inner = SOURCE_ROOTS.includes(first) ? restDir : posix.dirname(split(specDir, file).rel);
  const dirs = [dir, posix.join(dir, '__tests__')];
  for (const root of TEST_ROOTS) {
    dirs.push(posix.join(specDir, root, inner === '.' ? '' : inner), posix.join(specDir, root));
  }
  for (const d of [...new Set(dirs)]) for (const n of testNames) out.push(posix.join(d, n));
  return out;
}
