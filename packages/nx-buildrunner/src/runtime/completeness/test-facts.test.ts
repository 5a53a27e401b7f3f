import { describe, expect, it } from 'vitest';
import { maskSource } from './source-mask';
import { meaningful, testFacts } from './test-facts';
import { isTestFile, testLanguage, testStem } from './test-files';

describe('maskSource', () => {
  it('blanks JS comments in both views and string and regex contents in the mask, keeping offsets', () => {
    const src = "const a = 'x // y'; // expect(1)\n/* assert(2) */ const r = /it\\.skip\\(/; const t = `${b} expect(`;\n";
    const { code, mask } = maskSource(src, 'js');
    expect(code).toHaveLength(src.length);
    expect(mask).toHaveLength(src.length);
    expect(code).toContain("'x // y'");
    expect(code).not.toContain('expect(1)');
    expect(code).not.toContain('assert(2)');
    expect(mask).not.toMatch(/x \/\/ y|it\\\.skip|expect\(/);
    expect(mask.split('\n')).toHaveLength(src.split('\n').length);
  });

  it('tells a division from a regular expression', () => {
    const { mask } = maskSource('const x = a / b / c; const y = (1) / 2; const z = f(/ab"c/);', 'js');
    expect(mask).toContain('a / b / c');
    expect(mask).toContain('(1) / 2');
    expect(mask).not.toContain('ab"c');
  });

  it('blanks Python comments and strings, triple-quoted ones over lines', () => {
    const src = 'x = 1  # assert x\ns = """\nassert y\n"""\nt = r\'assert z\'\n';
    const { code, mask } = maskSource(src, 'python');
    expect(code).not.toContain('assert x');
    expect(code).toContain('assert y');
    expect(mask).not.toMatch(/assert [xyz]/);
    expect(mask).toHaveLength(src.length);
  });

  it('never throws on broken input', () => {
    for (const src of ['`unterminated ${', "'open", '/* open', '/[/', '"""open', '\u{1F600}"\u{1F600}"']) {
      expect(() => maskSource(src, 'js')).not.toThrow();
      expect(() => maskSource(src, 'python')).not.toThrow();
      expect(maskSource(src, 'js').mask).toHaveLength(src.length);
    }
  });
});

describe('testFacts for JavaScript and TypeScript', () => {
  const file = [
    "import { describe, expect, it } from 'vitest';",
    "import assert from 'node:assert';",
    "describe('add', () => {",
    "  it('adds', () => {",
    '    expect(add(2, 3)).toBe(5);',
    '    expect(add(-1, 1))',
    '      .toBe(0);',
    '  });',
    "  it('is exact', async () => { assert.strictEqual(add(0.1, 0.2), 0.3); await expect(p).resolves.toEqual({ a: 1 }) });",
    "  test.each([[1, 2]])('pairs %i', (a, b) => { expect(add(a, b)).toBe(3); });",
    "  it('still runs', function () { t.is(x, 1); result.should.equal(5); });",
    '  // expect(commented).toBe(out);',
    "  const s = 'expect(inside).toBe(a string)';",
    '});',
  ].join('\n');

  it('counts assertions, multi-line ones once, ignoring comments and strings', () => {
    const facts = testFacts(file, 'js');
    expect(facts.assertions.map((a) => a.text)).toEqual([
      'expect(add(2,3)).toBe(5)',
      'expect(add(-1,1)).toBe(0)',
      'assert.strictEqual(add(0.1,0.2),0.3)',
      'expect(p).resolves.toEqual({a:1})',
      'expect(add(a,b)).toBe(3)',
      't.is(x,1)',
      'result.should.equal(5)',
    ]);
    expect(facts.assertions.every((a) => !a.trivial)).toBe(true);
    expect(facts.assertions[0]).toMatchObject({ line: 5, literals: ['2', '3', '5'], shape: 'expect(add(0,0)).toBe(0)' });
    expect(facts.markers).toEqual([]);
    expect(facts.tests.map((t) => [t.name, t.empty])).toEqual([
      ["'adds'", false],
      ["'is exact'", false],
      ["'pairs %i'", false],
      ["'still runs'", false],
    ]);
  });

  it('tells trivial assertions, which check only constants', () => {
    const facts = testFacts(
      ['assert.ok(true);', 'assert(1);', 'expect(true).toBe(true);', 'expect(1 + 1).not.toEqual(3);', "expect('a').toBe('a');", 'expect(x).toBe(true);', 'assert.ok(x);'].join('\n'),
      'js',
    );
    expect(facts.assertions.map((a) => a.trivial)).toEqual([true, true, true, true, true, false, false]);
    expect(meaningful(facts)).toHaveLength(2);
  });

  it('finds every way of turning a test off', () => {
    const facts = testFacts(
      [
        "it.skip('a', () => {});",
        "test.only('b', () => {});",
        "it.todo('c');",
        "describe.skip('d', () => {});",
        "test.concurrent.skip('e', () => {});",
        "xit('f', () => {});",
        "fdescribe('g', () => {});",
        "it.skipIf(true)('h', () => {});",
        "it.fails('i', () => {});",
        "test('j', { skip: true }, () => {});",
        "test('k', { todo: 'later' }, () => {});",
        "it('l', function () { this.skip(); });",
        "test('m', (t) => { t.skip(); });",
        "const page = { skip: 10 };",
      ].join('\n'),
      'js',
    );
    expect(facts.markers.map((m) => m.text)).toEqual([
      'it.skip',
      'test.only',
      'it.todo',
      'describe.skip',
      'test.concurrent.skip',
      'xit(',
      'fdescribe(',
      'it.skipIf',
      'it.fails',
      'skip:true',
      "todo:'",
      'this.skip(',
      't.skip(',
    ]);
  });

  it('tells empty test bodies', () => {
    const facts = testFacts(
      [
        "it('a', () => {});",
        "it('b', () => { /* TODO */ });",
        "it('c', async function () {\n  // expect(x).toBe(1)\n});",
        "it('d', () => undefined);",
        "it('e', () => { return; expect(x).toBe(1); });",
        "it('f');",
        "it('g', () => expect(x).toBe(1));",
        "it.todo('h');",
        "function test(x) { return x; }",
      ].join('\n'),
      'js',
    );
    expect(facts.tests.map((t) => [t.name, t.empty])).toEqual([
      ["'a'", true],
      ["'b'", true],
      ["'c'", true],
      ["'d'", true],
      ["'e'", true],
      ["'f'", true],
      ["'g'", false],
      ["'h'", false],
    ]);
  });

  it('says an all-comment file is blank', () => {
    expect(testFacts('// nothing here\n/* at all */\n', 'js').blank).toBe(true);
    expect(testFacts("it('x', () => {});", 'js').blank).toBe(false);
  });
});

describe('testFacts for Python', () => {
  const file = [
    'import pytest',
    'import unittest',
    '',
    'def test_add():',
    '    """Adds."""',
    '    assert add(2, 3) == 5',
    '    assert add(-1, 1) == 0, "zero"',
    '    # assert add(1, 1) == 3',
    '',
    'def test_raises():',
    '    with pytest.raises(ValueError):',
    '        add("a", 1)',
    '',
    'class TestMath(unittest.TestCase):',
    '    def test_sub(self):',
    '        self.assertEqual(sub(3, 1),',
    '                         2)',
    '        mock.assert_called_once_with(1)',
    '',
    '    def test_nothing(self):',
    '        """Later."""',
    '        pass',
    '',
    '    def test_one_liner(self): self.assertTrue(True)',
  ].join('\n');

  it('counts assertions, tests and empty bodies', () => {
    const facts = testFacts(file, 'python');
    expect(facts.assertions.map((a) => [a.text, a.trivial])).toEqual([
      ['assert add(2,3)==5', false],
      ['assert add(-1,1)==0,"zero"', false],
      ['pytest.raises(ValueError)', false],
      ['self.assertEqual(sub(3,1),2)', false],
      ['mock.assert_called_once_with(1)', false],
      ['self.assertTrue(True)', true],
    ]);
    expect(facts.tests.map((t) => [t.name, t.empty])).toEqual([
      ['test_add', false],
      ['test_raises', false],
      ['test_sub', false],
      ['test_nothing', true],
      ['test_one_liner', false],
    ]);
  });

  it('tells trivial asserts', () => {
    const facts = testFacts('assert True\nassert 1 == 1, msg\nassert not None\nassert x\nself.assertEqual(1, 1)\n', 'python');
    expect(facts.assertions.map((a) => a.trivial)).toEqual([true, true, true, false, true]);
  });

  it('finds skip and xfail markers', () => {
    const facts = testFacts(
      [
        '@pytest.mark.skip(reason="later")',
        'def test_a(): assert a',
        '@pytest.mark.skipif(True, reason="x")',
        '@pytest.mark.xfail',
        '@unittest.skip("no")',
        '@unittest.expectedFailure',
        'def test_b():',
        '    pytest.skip("no")',
        '    self.skipTest("no")',
        '    raise unittest.SkipTest("no")',
        'pytestmark = pytest.mark.skip',
      ].join('\n'),
      'python',
    );
    expect(facts.markers.map((m) => m.text)).toEqual([
      'pytest.mark.skip',
      'pytest.mark.skipif',
      'pytest.mark.xfail',
      '@unittest.skip',
      '@unittest.expectedFailure',
      'pytest.skip(',
      'self.skipTest(',
      'raise unittest.SkipTest',
      'pytest.mark.skip',
    ]);
  });
});

describe('test files', () => {
  it('recognises test files by name and folder, not fixtures', () => {
    const yes = ['src/a.test.ts', 'src/a.spec.jsx', 'test/a.js', '__tests__/b.mjs', 'tests/test_a.py', 'pkg/a_test.py', 'a_test.go', 'e2e/login.ts', 'src/test/java/FooTest.java'];
    const no = ['src/a.ts', 'test/fixtures/a.js', 'src/__fixtures__/x.ts', 'tests/data.json', 'contest.py', 'docs/testing.md'];
    for (const f of yes) expect([f, isTestFile(f)]).toEqual([f, true]);
    for (const f of no) expect([f, isTestFile(f)]).toEqual([f, false]);
  });

  it('knows the language and what a test tests', () => {
    expect([testLanguage('a.test.tsx'), testLanguage('test_a.py'), testLanguage('a_test.go')]).toEqual(['js', 'python', 'other']);
    expect(['src/greet.test.ts', 'tests/test_greet.py', 'greet_test.go', 'GreetTest.java', 'greet.spec.js'].map(testStem)).toEqual(['greet', 'greet', 'greet', 'Greet', 'greet']);
  });
});
