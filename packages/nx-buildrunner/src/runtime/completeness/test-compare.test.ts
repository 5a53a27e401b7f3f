import { describe, expect, it } from 'vitest';
import { compareTestFile, taskWords, type Finding } from './test-compare';
import { compareManifest } from './test-setup';

const JS_BASE = `const { test } = require('node:test');
const assert = require('node:assert');
const { add } = require('../src/math');

test('adds positive numbers', () => {
  assert.strictEqual(add(2, 3), 5);
});

test('adds negative numbers', () => {
  assert.strictEqual(add(-2, -3), -5);
  assert.strictEqual(add(-1, 1), 0);
});
`;

const PY_BASE = `import unittest
from calc import add

class TestAdd(unittest.TestCase):
    def test_positive(self):
        self.assertEqual(add(2, 3), 5)

    def test_negative(self):
        assert add(-2, -3) == -5
        assert add(-1, 1) == 0
`;

const nothingAsked = taskWords('Fix add so that it adds.');

function js(after: string | undefined, options: { declared?: boolean; words?: string } = {}): Finding[] {
  return compareTestFile(
    { file: 'test/math.test.js', language: 'js', before: JS_BASE, ...(after === undefined ? {} : { after }), declared: options.declared ?? false },
    options.words === undefined ? nothingAsked : taskWords(options.words),
  );
}

function py(after: string): Finding[] {
  return compareTestFile({ file: 'tests/test_calc.py', language: 'python', before: PY_BASE, after, declared: false }, nothingAsked);
}

const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error').map((f) => f.message);

describe('compareTestFile: each way of weakening a JS test is an error', () => {
  const tricks: Array<[string, string, RegExp]> = [
    ['assertion replaced by assert.ok(true)', JS_BASE.replace('assert.strictEqual(add(2, 3), 5);', 'assert.ok(true);'), /has 2 of its 3 assertions left; gone: `assert\.strictEqual\(add\(2,3\),5\)` \(line 6\)/],
    ['assertion commented out', JS_BASE.replace('  assert.strictEqual(add(-1, 1), 0);', '  // assert.strictEqual(add(-1, 1), 0);'), /has 2 of its 3 assertions left/],
    ['assertion in a block comment', JS_BASE.replace("test('adds negative", "/*\ntest('adds negative").replace(/\}\);\n$/, '});\n*/\n'), /has 1 of its 3 assertions left/],
    ['test skipped', JS_BASE.replace("test('adds positive", "test.skip('adds positive"), /turns tests off: test\.skip \(line 5\)/],
    ['test marked todo', JS_BASE.replace("test('adds positive numbers', () => {\n  assert.strictEqual(add(2, 3), 5);\n});", "test.todo('adds positive numbers');"), /turns tests off: test\.todo/],
    ['skip option', JS_BASE.replace("test('adds positive numbers', () => {", "test('adds positive numbers', { skip: true }, () => {"), /turns tests off: skip:true/],
    ['other tests excluded with only', JS_BASE.replace("test('adds negative", "test.only('adds negative"), /turns tests off: test\.only/],
    ['expected value changed', JS_BASE.replace('assert.strictEqual(add(2, 3), 5);', 'assert.strictEqual(add(2, 3), 6);'), /changes existing assertions with values the task does not ask for: `assert\.strictEqual\(add\(2,3\),5\)` \(line 6\) became `assert\.strictEqual\(add\(2,3\),6\)` \(line 6\)/],
    ['matcher loosened', JS_BASE.replace('assert.strictEqual(add(2, 3), 5);', 'assert.ok(add(2, 3));'), /`assert\.strictEqual\(add\(2,3\),5\)` \(line 6\) is gone/],
    ['test body emptied', JS_BASE.replace('  assert.strictEqual(add(2, 3), 5);\n', ''), /empties test 'adds positive numbers' \(line 5\)/],
    ['test returns first', JS_BASE.replace('  assert.strictEqual(add(2, 3), 5);\n', '  return;\n  assert.strictEqual(add(2, 3), 5);\n'), /empties test 'adds positive numbers'/],
    ['test deleted', JS_BASE.replace(/test\('adds negative[\s\S]*$/, ''), /has 1 of its 2 tests left/],
    ['file emptied', '', /empties the test file/],
    ['file commented out', JS_BASE.split('\n').map((l) => `// ${l}`).join('\n'), /empties the test file/],
  ];
  for (const [trick, after, message] of tricks) {
    it(trick, () => {
      const found = errors(js(after));
      expect(found.some((m) => message.test(m)), `${trick}: ${JSON.stringify(found)}`).toBe(true);
    });
  }

  it('deleting the file', () => {
    expect(js(undefined)).toEqual([{ severity: 'error', file: 'test/math.test.js', message: 'deletes the test file (2 tests, 3 assertions at the base)' }]);
  });
});

describe('compareTestFile: each way of weakening a Python test is an error', () => {
  const tricks: Array<[string, string, RegExp]> = [
    ['assert replaced by assert True', PY_BASE.replace('assert add(-1, 1) == 0', 'assert True'), /has 2 of its 3 assertions left/],
    ['assertion commented out', PY_BASE.replace('        self.assertEqual', '        # self.assertEqual'), /has 2 of its 3 assertions left/],
    ['skip decorator', PY_BASE.replace('    def test_positive', '    @unittest.skip("flaky")\n    def test_positive'), /turns tests off: @unittest\.skip/],
    ['pytest skip marker', PY_BASE.replace('    def test_negative', '    @pytest.mark.skip\n    def test_negative'), /turns tests off: pytest\.mark\.skip/],
    ['expected value changed', PY_BASE.replace('== -5', '== -6'), /became `assert add\(-2,-3\)==-6`/],
    ['body replaced by pass', PY_BASE.replace('        self.assertEqual(add(2, 3), 5)', '        pass'), /empties test test_positive/],
    ['test removed', PY_BASE.replace(/    def test_negative[\s\S]*$/, ''), /has 1 of its 2 tests left/],
  ];
  for (const [trick, after, message] of tricks) {
    it(trick, () => {
      const found = errors(py(after));
      expect(found.some((m) => message.test(m)), `${trick}: ${JSON.stringify(found)}`).toBe(true);
    });
  }
});

describe('compareTestFile: honest changes pass', () => {
  it('accepts added tests, reformatting and moved code', () => {
    const more = `${JS_BASE}\ntest('adds zero', () => {\n  assert.strictEqual(add(0, 0), 0);\n});\n`;
    expect(js(more)).toEqual([]);
    const reformatted = JS_BASE.replace('assert.strictEqual(add(2, 3), 5);', 'assert.strictEqual(\n    add(2, 3),\n    5,\n  );');
    expect(js(reformatted)).toEqual([]);
    expect(py(PY_BASE.replace('self.assertEqual(add(2, 3), 5)', 'self.assertEqual(add(2, 3),\n                         5)'))).toEqual([]);
  });

  it('accepts an expected value the task asks for, and only warns for a test file the task declares', () => {
    const hi = JS_BASE.replace('assert.strictEqual(add(2, 3), 5);', 'assert.strictEqual(add(2, 3), 6);');
    expect(js(hi, { words: 'add now returns one more than the sum: add(2, 3) is 6' })).toEqual([]);
    expect(js(hi, { words: 'It should handle 16 inputs.' }).map((f) => f.severity)).toEqual(['error']);
    expect(js(hi, { declared: true }).map((f) => f.severity)).toEqual(['warning']);
    // Declaring the file never allows fewer assertions.
    expect(errors(js(JS_BASE.replace('  assert.strictEqual(add(-1, 1), 0);\n', ''), { declared: true }))).toHaveLength(1);
  });

  it('checks a new test file for what running it cannot show', () => {
    const check = (after: string) => compareTestFile({ file: 'test/new.test.js', language: 'js', after, declared: true }, nothingAsked);
    expect(check("test('x', () => { assert.equal(f(), 1); });")).toEqual([]);
    expect(errors(check("test.skip('x', () => { assert.equal(f(), 1); });"))).toEqual(["is a new test file that turns tests off: test.skip (line 1)"]);
    expect(errors(check("test('x', () => {});\ntest('y', () => {});"))).toEqual(['is a new test file whose 2 tests do nothing']);
    expect(check("test('x', () => { f(); });")).toEqual([{ severity: 'warning', file: 'test/new.test.js', message: 'is a new test file with 1 test and no assertion' }]);
  });

  it('only sees deletion and emptying in languages it does not read', () => {
    const go = (before: string, after?: string) =>
      compareTestFile({ file: 'calc_test.go', language: 'other', before, ...(after === undefined ? {} : { after }), declared: false }, nothingAsked);
    expect(go('func TestAdd(t *testing.T) {}', 'func TestAdd(t *testing.T) { t.Skip() }')).toEqual([]);
    expect(errors(go('func TestAdd(t *testing.T) {}'))).toEqual(['deletes the test file']);
    expect(errors(go('func TestAdd(t *testing.T) {}', '\n'))).toEqual(['empties the test file']);
  });
});

describe('taskWords', () => {
  it('finds strings as written and numbers as whole tokens', () => {
    const words = taskWords('The greeting says "Hi there" to 3 people, version 2.5, not 16.');
    expect(['Hi there', '3', '2.5', '16'].map(words)).toEqual([true, true, true, true]);
    expect(['Hello', '6', '1', '2', ''].map(words)).toEqual([false, false, false, false, false]);
  });
});

describe('compareManifest', () => {
  const pkg = (scripts: Record<string, string>) => JSON.stringify({ name: 'x', scripts });
  it('fails test scripts that disappear or pass whatever happens, warns on other changes', () => {
    const before = pkg({ test: 'node --test test/', build: 'tsc' });
    expect(compareManifest('package.json', before, pkg({ test: 'node --test test/', build: 'tsc -b' }), false)).toEqual([]);
    expect(compareManifest('package.json', before, pkg({ build: 'tsc' }), false)).toMatchObject([{ severity: 'error', message: 'removes the `test` script (`node --test test/`)' }]);
    for (const cheat of ['exit 0', 'true', 'echo ok', 'node --test test/ || true', 'node --test test/; exit 0']) {
      expect(compareManifest('package.json', before, pkg({ test: cheat }), true).map((f) => f.severity)).toEqual(['error']);
    }
    expect(compareManifest('package.json', before, pkg({ test: 'vitest run' }), false).map((f) => f.severity)).toEqual(['warning']);
    expect(compareManifest('package.json', before, pkg({ test: 'vitest run' }), true)).toEqual([]);
    expect(compareManifest('package.json', 'not json', pkg({}), false)).toEqual([]);
  });
});
