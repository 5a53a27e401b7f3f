import { posix } from 'node:path';

/**
 * Which files are tests, in what language, and which source file they test. Paths are POSIX and
 * relative to anything (spec folder or worktree root): only names and folder names matter.
 */

export type TestLanguage = 'js' | 'python' | 'other';

const JS = /\.[cm]?[jt]sx?$/i;
/** Test code in other languages, recognised by the usual naming so its deletion is still seen. */
const OTHER_CODE = /\.(?:go|rs|java|kt|kts|scala|rb|php|cs|fs|swift|dart|ex|exs|c|cc|cpp|h|hpp|sh)$/i;
const JS_TEST_NAME = /\.(?:test|spec|e2e|e2e-spec|cy)\.[cm]?[jt]sx?$/i;
const PY_TEST_NAME = /^(?:test_.*|.*_test)\.py$/i;
const OTHER_TEST_NAME = /(?:_test\.go|_spec\.rb|_test\.rb|Tests?\.(?:java|kt|cs|swift|scala)|IT\.java|Spec\.(?:scala|kt|groovy)|_test\.dart|Test\.php|_test\.exs)$/;
const TEST_DIRS = new Set(['__tests__', 'test', 'tests', 'spec', 'specs', 'e2e', 'testing']);
/** Data that tests read; changing it is caught by running the tests, not by counting assertions. */
const DATA_DIRS = new Set(['__fixtures__', 'fixtures', '__snapshots__', '__mocks__', 'testdata', 'test-data', '__data__']);

export function testLanguage(file: string): TestLanguage {
  if (JS.test(file)) return 'js';
  if (/\.py$/i.test(file)) return 'python';
  return 'other';
}

export function isTestFile(file: string): boolean {
  const segments = file.split('/');
  const name = segments.pop() ?? '';
  if (segments.some((s) => DATA_DIRS.has(s))) return false;
  if (JS_TEST_NAME.test(name) || PY_TEST_NAME.test(name) || OTHER_TEST_NAME.test(name)) return true;
  const inTestDir = segments.some((s) => TEST_DIRS.has(s.toLowerCase()));
  return inTestDir && (JS.test(name) || /\.py$/i.test(name) || OTHER_CODE.test(name));
}

/** The name of what a test file tests: `greet` for `greet.test.ts`, `test_greet.py`, `greet_test.go`. */
export function testStem(file: string): string {
  const name = posix.basename(file);
  return name
    .replace(/\.(?:test|spec|e2e|e2e-spec|cy)(?=\.[^.]+$)/i, '')
    .replace(/\.[^.]+$/, '')
    .replace(/^test_/i, '')
    .replace(/_(?:test|spec)$/i, '')
    .replace(/(?:Tests?|IT|Spec)$/, '');
}

/** A source file's stem, to pair it with its tests. */
export function sourceStem(file: string): string {
  return posix.basename(file).replace(/\.[^.]+$/, '');
}
