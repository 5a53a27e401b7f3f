import { maskSource, type Masked } from './source-mask';
import type { TestLanguage } from './test-files';

/**
 * What a test file checks, counted the way a reviewer would skim it: its assertions, its test
 * cases (and which have nothing in them), and the markers that turn tests off. Comments do not
 * count, so a commented-out assertion is a removed one. Heuristic by design (regular expressions
 * over masked source, see `source-mask.ts`), for JavaScript/TypeScript and Python; other
 * languages only say whether the file is blank.
 */

export interface Assertion {
  /** The statement, whitespace collapsed: what is compared between two versions of a file. */
  text: string;
  /** The same with every literal replaced by a placeholder: pairs an edited assertion with its original. */
  shape: string;
  /** String and number literals, as written (strings without their quotes). */
  literals: string[];
  /** Checks nothing but constants: `assert.ok(true)`, `expect(1).toBe(1)`, `assert True`. */
  trivial: boolean;
  line: number;
}

export interface Marker {
  /** `it.skip`, `xit`, `@pytest.mark.skip`, `{ todo: true }`, … */
  text: string;
  line: number;
}

export interface TestCase {
  name: string;
  line: number;
  /** No body, an empty one, or one that returns before doing anything. */
  empty: boolean;
}

export interface TestFacts {
  assertions: Assertion[];
  markers: Marker[];
  tests: TestCase[];
  /** Nothing but whitespace and comments. */
  blank: boolean;
}

export function testFacts(source: string, language: TestLanguage): TestFacts {
  const masked = maskSource(source, language);
  const blank = masked.code.trim() === '';
  if (language === 'other') return { assertions: [], markers: [], tests: [], blank };
  const lines = lineIndex(source);
  const reader = language === 'js' ? JS : PYTHON;
  return {
    assertions: reader.assertions(masked, lines),
    markers: reader.markers(masked, lines),
    tests: reader.tests(masked, lines),
    blank,
  };
}

export function meaningful(facts: TestFacts): Assertion[] {
  return facts.assertions.filter((a) => !a.trivial);
}

interface Reader {
  assertions(m: Masked, lines: LineIndex): Assertion[];
  markers(m: Masked, lines: LineIndex): Marker[];
  tests(m: Masked, lines: LineIndex): TestCase[];
}

type LineIndex = (pos: number) => number;

function lineIndex(src: string): LineIndex {
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') starts.push(i + 1);
  return (pos) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Whitespace collapsed, and dropped next to punctuation, trailing commas too, so formatting never reads as a change. */
function collapse(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/ ?([()[\]{},.;:=+\-*/<>!?&|%^~]) ?/g, '$1')
    .replace(/,([)\]}])/g, '$1')
    .trim();
}

/** Strings, and numbers with their sign where it is one (`-1` after `(`, `,`, `=`; not `a - 1`). */
const LITERAL = /([`'"])(?:\\.|(?!\1)[^\\])*\1|(?<![\w$.)\]])-?(?<![\w$.])\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w$])/g;

function assertion(m: Masked, from: number, to: number, trivial: boolean, lines: LineIndex): Assertion {
  const raw = m.code.slice(from, to);
  const text = collapse(raw);
  const literals = [...raw.matchAll(LITERAL)].map((x) => (x[1] === undefined ? x[0] : x[0].slice(1, -1)));
  return { text, shape: text.replace(LITERAL, (x) => (/^-?\d/.test(x) ? '0' : '""')), literals, trivial, line: lines(from) };
}

/** Index of the bracket closing the one at `open`, or the end of the text. */
function closing(mask: string, open: number): number {
  let depth = 0;
  for (let k = open; k < mask.length; k++) {
    const c = mask[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return mask.length;
}

/** Top-level comma-separated pieces of [from, to). */
function splitArgs(mask: string, from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < to; k++) {
    const c = mask[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push([start, k]);
      start = k + 1;
    }
  }
  if (mask.slice(start, to).trim() !== '') parts.push([start, to]);
  return parts;
}

function markersOf(m: Masked, lines: LineIndex, patterns: readonly RegExp[]): Marker[] {
  const found = new Map<number, Marker>();
  for (const pattern of patterns) {
    for (const match of m.mask.matchAll(pattern)) {
      const at = match.index ?? 0;
      if (!found.has(at)) found.set(at, { text: collapse(match[0]).replace(/^[{,]/, ''), line: lines(at) });
    }
  }
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, marker]) => marker);
}

// ---------------------------------------------------------------- JavaScript and TypeScript

const JS_LITERAL_WORDS = new Set(['true', 'false', 'null', 'undefined', 'NaN', 'Infinity']);
const JS_ASSERTIONS = [
  /(?<![\w$.])(?:expect|expectTypeOf|assert|assertType)(?:\s*\.\s*[\w$]+)*\s*\(/g,
  /(?<![\w$.])(?:sinon|chai)\s*\.\s*(?:assert|expect)(?:\s*\.\s*[\w$]+)*\s*\(/g,
  // tap, ava, node:test's context.
  /(?<![\w$.])t\s*\.\s*(?:is|not|true|false|truthy|falsy|deepEqual|notDeepEqual|like|same|strictSame|equal|notEqual|strictEqual|notStrictEqual|ok|notOk|throws|throwsAsync|notThrows|notThrowsAsync|rejects|resolves|regex|notRegex|match|notMatch|snapshot|assert)\s*\(/g,
];
const JS_SHOULD = /\.\s*should\s*[.(]/g;
const JS_MARKERS = [
  /(?<![\w$.])(?:describe|it|test|suite|context|specify|bench)(?:\s*\.\s*[\w$]+)*?\s*\.\s*(?:skip|only|todo|fails|skipIf|runIf)\b/g,
  /(?<![\w$.])(?:xit|xdescribe|xtest|xspecify|xcontext|xsuite|fit|fdescribe|ftest)\s*\(/g,
  /(?<![\w$.])(?:this|t|ctx|context)\s*\.\s*(?:skip|todo)\s*\(/g,
  // node:test's options: `{ skip: true }`, `{ todo: 'later' }`, `{ only: true }`.
  /[{,]\s*(?:skip|todo|only)\s*:\s*(?:true\b|['"`])/g,
];
const JS_TESTS = /(?<![\w$.])(?<!\bfunction\s+)(?:it|test|specify)(?:\s*\.\s*[\w$]+)*\s*\(/g;

/** Where a JS assertion statement ends: `;` or `,` at its level, a line break not followed by a chained call, or its enclosing bracket. */
function jsStatementEnd(mask: string, start: number): number {
  let depth = 0;
  for (let k = start; k < mask.length; k++) {
    const c = mask[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth < 0) return k;
    } else if (depth === 0 && (c === ';' || c === ',')) return k;
    else if (depth === 0 && c === '\n' && !/^\s*\??\./.test(mask.slice(k + 1, k + 80))) return k;
  }
  return mask.length;
}

/** Where the expression holding `pos` starts (`.should` chains hang off their subject). */
function jsStatementStart(mask: string, pos: number): number {
  let depth = 0;
  let k = pos - 1;
  for (; k >= 0; k--) {
    const c = mask[k];
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === ';' || c === ',' || c === '{' || c === '}' || c === '\n')) break;
  }
  const start = k + 1;
  return start + (mask.slice(start, pos).length - mask.slice(start, pos).trimStart().length);
}

function jsTrivial(statement: string): boolean {
  const should = statement.search(/\.\s*should\b/);
  let subject: string;
  if (should >= 0) subject = statement.slice(0, should);
  else {
    const open = statement.indexOf('(');
    if (open < 0) return false;
    // Matchers chained after a call (`).toBe(`, `).not.toEqual(`) are not what is checked.
    subject = statement.slice(open).replace(/\)\s*(?:\?\.|\.)\s*[\w$]+(?:\s*\.\s*[\w$]+)*/g, ')');
  }
  if (subject.trim() === '') return false;
  const words = subject.match(/(?<![\w$.])[A-Za-z_$][\w$]*/g) ?? [];
  return words.every((w) => JS_LITERAL_WORDS.has(w));
}

const JS: Reader = {
  assertions(m, lines) {
    const starts = new Set<number>();
    const out: Assertion[] = [];
    for (const pattern of JS_ASSERTIONS) {
      for (const match of m.mask.matchAll(pattern)) {
        const at = match.index ?? 0;
        if (starts.has(at)) continue;
        starts.add(at);
        const end = jsStatementEnd(m.mask, at);
        out.push(assertion(m, at, end, jsTrivial(m.mask.slice(at, end)), lines));
      }
    }
    for (const match of m.mask.matchAll(JS_SHOULD)) {
      const at = jsStatementStart(m.mask, match.index ?? 0);
      if (starts.has(at)) continue;
      starts.add(at);
      const end = jsStatementEnd(m.mask, at);
      out.push(assertion(m, at, end, jsTrivial(m.mask.slice(at, end)), lines));
    }
    return out.sort((a, b) => a.line - b.line);
  },

  markers: (m, lines) => markersOf(m, lines, JS_MARKERS),

  tests(m, lines) {
    const out: TestCase[] = [];
    for (const match of m.mask.matchAll(JS_TESTS)) {
      const at = match.index ?? 0;
      let open = at + match[0].length - 1;
      let close = closing(m.mask, open);
      // `test.each(table)('name', fn)`: the test is the second call.
      const next = m.mask.slice(close + 1).search(/\S/);
      if (/\.\s*each\b/.test(match[0]) && next >= 0 && m.mask[close + 1 + next] === '(') {
        open = close + 1 + next;
        close = closing(m.mask, open);
      }
      const args = splitArgs(m.mask, open + 1, close);
      const [first] = args;
      const name = first === undefined ? '' : m.code.slice(first[0], first[1]).replace(/\s+/g, ' ').trim().slice(0, 80);
      const callback = [...args].reverse().find(([from, to]) => /=>|\bfunction\b/.test(m.mask.slice(from, to)));
      const pendingByDesign = /\.\s*(?:todo|skip)\b/.test(match[0]);
      const empty = callback === undefined ? !pendingByDesign : jsBodyEmpty(m.mask.slice(callback[0], callback[1]));
      out.push({ name, line: lines(at), empty });
    }
    return out;
  },
};

function jsBodyEmpty(fn: string): boolean {
  const arrow = fn.indexOf('=>');
  const brace = arrow >= 0 ? fn.indexOf('{', arrow) : fn.indexOf('{', fn.indexOf(')'));
  const afterArrow = arrow >= 0 ? fn.slice(arrow + 2).trim() : '';
  if (arrow >= 0 && !afterArrow.startsWith('{')) return /^(?:undefined|null|void\s+0|true|false|\d+|\(\s*\))?$/.test(afterArrow);
  if (brace < 0) return true;
  const body = fn.slice(brace + 1, closing(fn, brace)).trim();
  return body === '' || /^return\s*(?:;|$)/.test(body);
}

// ---------------------------------------------------------------- Python

const PY_LITERAL_WORDS = new Set(['True', 'False', 'None', 'and', 'or', 'not', 'is', 'in', 'if', 'else']);
/** Names that only say where an assertion function lives: they are not what it checks. */
const PY_ASSERTION_HOMES = new Set(['self', 'pytest', 'unittest', 'np', 'numpy', 'testing', 'pd', 'pandas']);
const PY_ASSERTIONS = [
  /^[ \t]*assert\b/gm,
  /(?<![\w.])self\s*\.\s*assert\w*\s*\(/g,
  /(?<![\w.])(?:[A-Za-z_][\w]*\s*\.\s*)*assert_\w+\s*\(/g,
  /(?<![\w.])pytest\s*\.\s*(?:raises|warns|deprecated_call)\s*\(/g,
];
const PY_MARKERS = [
  /(?<![\w.])pytest\s*\.\s*mark\s*\.\s*(?:skip|skipif|xfail)\b/g,
  /@\s*(?:unittest\s*\.\s*)?(?:skip|skipIf|skipUnless|expectedFailure)\b/g,
  /(?<![\w.])(?:pytest\s*\.\s*(?:skip|xfail|importorskip)|self\s*\.\s*skipTest)\s*\(/g,
  /\braise\s+(?:[\w.]+\.)?SkipTest\b/g,
];
const PY_TESTS = /^([ \t]*)(?:async[ \t]+)?def[ \t]+(test\w*)[ \t]*\(/gm;

/** End of a Python statement: a line break outside brackets and not escaped, `;`, or the `:` of `with pytest.raises(…):`. */
function pyStatementEnd(mask: string, start: number): number {
  let depth = 0;
  for (let k = start; k < mask.length; k++) {
    const c = mask[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ';' || c === ':')) return k;
    else if (depth === 0 && c === '\n' && mask[k - 1] !== '\\') return k;
  }
  return mask.length;
}

function pyTrivial(statement: string): boolean {
  const trimmed = statement.trimStart();
  let subject: string;
  if (/^assert\b/.test(trimmed)) {
    subject = trimmed.slice('assert'.length);
    // The message after a top-level comma is not what is checked.
    const [cond] = splitArgs(subject, 0, subject.length);
    subject = cond === undefined ? '' : subject.slice(cond[0], cond[1]);
  } else {
    // `mock.assert_called_with(1)` checks `mock`: only the function's own name and home are dropped.
    subject = trimmed.replace(/^(?:[A-Za-z_]\w*\s*\.\s*)*(?:assert\w*|raises|warns|deprecated_call)\b/, (callee) =>
      callee.split('.').filter((part) => !PY_ASSERTION_HOMES.has(part.trim())).slice(0, -1).join('.'),
    );
  }
  if (subject.trim() === '') return false;
  const words = subject.match(/(?<![\w.])[A-Za-z_]\w*/g) ?? [];
  return words.every((w) => PY_LITERAL_WORDS.has(w));
}

const PYTHON: Reader = {
  assertions(m, lines) {
    const starts = new Set<number>();
    const out: Assertion[] = [];
    for (const pattern of PY_ASSERTIONS) {
      for (const match of m.mask.matchAll(pattern)) {
        const at = (match.index ?? 0) + (match[0].length - match[0].trimStart().length);
        if (starts.has(at)) continue;
        starts.add(at);
        const end = pyStatementEnd(m.mask, at);
        out.push(assertion(m, at, end, pyTrivial(m.mask.slice(at, end)), lines));
      }
    }
    return out.sort((a, b) => a.line - b.line);
  },

  markers: (m, lines) => markersOf(m, lines, PY_MARKERS),

  tests(m, lines) {
    const out: TestCase[] = [];
    for (const match of m.mask.matchAll(PY_TESTS)) {
      const at = match.index ?? 0;
      const indent = (match[1] ?? '').replace(/\t/g, '        ').length;
      const open = at + match[0].length - 1;
      const colon = m.mask.indexOf(':', closing(m.mask, open));
      const lineEnd = colon < 0 ? -1 : m.mask.indexOf('\n', colon);
      const sameLine = colon < 0 ? '' : m.mask.slice(colon + 1, lineEnd < 0 ? undefined : lineEnd);
      const body = sameLine.trim() !== '' || lineEnd < 0 ? sameLine : pyBlock(m.mask, lineEnd + 1, indent);
      out.push({ name: match[2] ?? '', line: lines(at), empty: pyBodyEmpty(body) });
    }
    return out;
  },
};

/** The lines from `from` on that are indented deeper than `indent` (blank lines included). */
function pyBlock(mask: string, from: number, indent: number): string {
  const lines = mask.slice(from).split('\n');
  const body: string[] = [];
  for (const line of lines) {
    if (line.trim() !== '' && line.replace(/\t/g, '        ').search(/\S/) <= indent) break;
    body.push(line);
  }
  return body.join('\n');
}

function pyBodyEmpty(body: string): boolean {
  const statements = body
    // A docstring or any bare string is no statement (its contents are blank in the mask).
    .replace(/[rRbBuUfF]{0,2}("""|'''|"|')\s*\1/g, '')
    .split(/[\n;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'pass' && s !== '...');
  return statements.length === 0 || /^return\s*$/.test(statements[0] ?? '');
}
