import { type Assertion, meaningful, testFacts, type TestFacts } from './test-facts';
import type { TestLanguage } from './test-files';

/**
 * Did a task weaken a test file? Its version at the integration base against the task's. Pure:
 * the check (`test-guard.ts`) reads the two texts.
 */

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  /** The file the finding is about, as the caller named it. */
  file: string;
  message: string;
}

export interface TestFileVersions {
  file: string;
  language: TestLanguage;
  /** Undefined for a file the task created. */
  before?: string;
  /** Undefined for a file the task deleted. */
  after?: string;
  /** The task declares this file: the spec asks it to change these tests. */
  declared: boolean;
}

/** Whether a literal value is one the task's own text asks for (see `taskWords`). */
export type Justifies = (literal: string) => boolean;

const MAX_LISTED = 3;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const quote = (a: Assertion): string => `\`${a.text.length > 100 ? `${a.text.slice(0, 97)}...` : a.text}\` (line ${a.line})`;

/** Items of `a` not matched one-for-one by an item of `b` with the same key. */
function minus<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(key(x), (left.get(key(x)) ?? 0) + 1);
  return a.filter((x) => {
    const n = left.get(key(x)) ?? 0;
    if (n === 0) return true;
    left.set(key(x), n - 1);
    return false;
  });
}

export function compareTestFile(v: TestFileVersions, justifies: Justifies): Finding[] {
  const findings: Finding[] = [];
  const add = (severity: Severity, message: string) => findings.push({ severity, file: v.file, message });
  if (v.after === undefined) {
    if (v.before === undefined) return findings;
    const b = testFacts(v.before, v.language);
    const what = v.language === 'other' ? '' : ` (${plural(b.tests.length, 'test')}, ${plural(meaningful(b).length, 'assertion')} at the base)`;
    add('error', `deletes the test file${what}`);
    return findings;
  }
  const a = testFacts(v.after, v.language);
  if (v.before === undefined) {
    newFile(a, add);
    return findings;
  }
  const b = testFacts(v.before, v.language);
  if (!b.blank && a.blank) {
    add('error', 'empties the test file');
    return findings;
  }
  const before = meaningful(b);
  const after = meaningful(a);
  if (after.length < before.length) {
    const gone = minus(before, after, (x) => x.text).slice(0, MAX_LISTED).map(quote);
    add('error', `has ${after.length} of its ${plural(before.length, 'assertion')} left${gone.length > 0 ? `; gone: ${gone.join(', ')}` : ''}`);
  } else {
    changedAssertions(before, a, b, v.declared, justifies, add);
  }
  if (a.tests.length < b.tests.length) add('error', `has ${a.tests.length} of its ${plural(b.tests.length, 'test')} left`);
  const markers = minus(a.markers, b.markers, (m) => m.text);
  if (markers.length > 0) add('error', `turns tests off: ${markers.map((m) => `${m.text} (line ${m.line})`).join(', ')}`);
  const emptied = minus(
    a.tests.filter((t) => t.empty),
    b.tests.filter((t) => t.empty),
    (t) => t.name,
  );
  if (emptied.length > 0) add('error', `empties ${emptied.map((t) => `test ${t.name} (line ${t.line})`).join(', ')}`);
  return findings;
}

/** A test the task wrote is checked by running it; what running cannot show is checked here. */
function newFile(a: TestFacts, add: (severity: Severity, message: string) => void): void {
  if (a.markers.length > 0) add('error', `is a new test file that turns tests off: ${a.markers.map((m) => `${m.text} (line ${m.line})`).join(', ')}`);
  if (a.tests.length > 0 && a.tests.every((t) => t.empty)) add('error', `is a new test file whose ${plural(a.tests.length, 'test')} do nothing`);
  else if (a.tests.length > 0 && meaningful(a).length === 0) add('warning', `is a new test file with ${plural(a.tests.length, 'test')} and no assertion`);
}

/**
 * Assertions that were at the base and are not any more, though their number did not drop: an
 * expected value rewritten, a matcher loosened. A rewrite is accepted when the values it brings
 * in are ones the task's text asks for (the spec changed the behaviour); otherwise it fails, or
 * only warns when the task declares the test file as one to change.
 */
function changedAssertions(
  before: readonly Assertion[],
  a: TestFacts,
  b: TestFacts,
  declared: boolean,
  justifies: Justifies,
  add: (severity: Severity, message: string) => void,
): void {
  const gone = minus(before, a.assertions, (x) => x.text);
  if (gone.length === 0) return;
  const added = minus(a.assertions, b.assertions, (x) => x.text);
  const unjustified: string[] = [];
  for (const old of gone) {
    const edited = added.find((x) => x.shape === old.shape);
    const brought = edited === undefined ? [] : minus(edited.literals, old.literals, (l) => l);
    if (edited !== undefined && brought.length > 0 && brought.every(justifies)) continue;
    unjustified.push(edited === undefined ? `${quote(old)} is gone` : `${quote(old)} became ${quote(edited)}`);
  }
  if (unjustified.length === 0) return;
  const listed = unjustified.slice(0, MAX_LISTED).join('; ');
  const more = unjustified.length > MAX_LISTED ? ` and ${unjustified.length - MAX_LISTED} more` : '';
  add(declared ? 'warning' : 'error', `changes existing assertions with values the task does not ask for: ${listed}${more}`);
}

/**
 * A literal is asked for when the task's own words (title, description, requirements, acceptance
 * criteria) contain it: a string as written, a number as a whole number token.
 */
export function taskWords(text: string): Justifies {
  return (literal) => {
    if (literal.trim() === '') return false;
    if (/^\d[\d_.eE+-]*$/.test(literal)) return new RegExp(`(?<![\\w.])${literal.replace(/[.+]/g, '\\$&')}(?![\\w]|\\.\\d)`).test(text);
    return text.includes(literal);
  };
}
