import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specViolations } from './__fixtures__/spec-invariants';
import { parseSpec } from './parse';

/**
 * Thousands of random and mutated documents, from a fixed seed so a failure reproduces: the
 * parser must never throw and must always return a valid Spec (see spec-invariants.ts).
 */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(private readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
}

const corpus = [
  join(__dirname, '../../../../examples/textkit/PROJECT_SPEC.md'),
  join(__dirname, '__fixtures__/speckit-tasks.md'),
  join(__dirname, '__fixtures__/kiro-tasks.md'),
  join(__dirname, '../../../../../shared/specs/todo-app/PROJECT_SPEC.md'),
  join(__dirname, '../../../../../shared/specs/freeform/PROJECT_SPEC.md'),
  join(__dirname, '../../../../../shared/specs/cycle/PROJECT_SPEC.md'),
].flatMap((file) => {
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return [];
  }
});

const WORDS = ['sync', 'store', 'Note', 'search', 'API', 'auth', 'Tier 1', 'feature', 'the', 'below', 'first', 'Заметки', '検索', 'café', '🎯', 'x'];
const TITLES = ['Features', 'Overview', 'Out of scope', 'What we need', 'Requirements', 'Acceptance criteria', 'Phase 2: Core', 'User Story 1 - Share (Priority: P1) 🎯 MVP', 'Feature 1: Storage (Build 2A)', 'Feature 2: API [P]', 'Feature 2: API', '', 'Σύνδεση', '同步', 'Tier 1: Core (Week 3-4)'];
const LABELS = ['**Priority:** High', '**Priority:** P7', '**Domain:** backend', '**Domain:** moon', '**Depends on:** Feature 1, Feature 9', '**Depends on:** Feature 2', 'Depends on: Search', '**Requirements:**', '**Acceptance Criteria:**', '**Implementation:**', '**Verify:** `npm test`', '**Description:** text', '**Status:** done', '**Duration:** 2 days', '**Goal**: ship', '**Depends on Tier 1**'];
const SENTENCES = ['This needs the note store below to exist first.', 'Available once the sync service is in place.', 'It requires auth.', 'Build after the importer is done.', 'Depends on Tier 1.', 'Plain words here.', 'needs API first', 'Create `src/a.ts` and update `b/c.py`.'];
const ITEMS = ['T001 [P] [US1] Create src/models/a.py', 'T002 Update src/b.ts (depends on T001)', '1. Set up project', '2.1 Sub task', '_Requirements: 1.1, 2.2_', 'Create `src/x.ts`', '`node --test`', 'plain item', '**Requirements:**', '| not | a table |', ''];
const BOXES = ['', '[ ] ', '[x] ', '[X] ', '[-] ', '[ ]* ', '[] '];
/** Long lines, some made of the words and marks the spec reader's patterns look for. */
const HUGE = ['lorem ipsum `a/b.ts` ', '- T001 needs the a.b.c ', 'once the depends on after ', 'a.', '(Build ', '`` ` x ', '**Label:** '];
const UNICODE = ['\u0000', '\uFFFD', '\u202E', '\u200B', '\uD800', 'ß', 'ǅ', '\t', '\u000B', '\f', '😀', '\u0301', 'İ'];

function words(d: Dice, n: number): string {
  return Array.from({ length: n }, () => d.pick(WORDS)).join(' ');
}

function randomBlock(d: Dice): string[] {
  switch (d.int(0, 9)) {
    case 0:
      return [`${'#'.repeat(d.int(1, 7))} ${d.chance(0.6) ? d.pick(TITLES) : words(d, d.int(0, 4))}`];
    case 1:
      return Array.from({ length: d.int(1, 3) }, () => (d.chance(0.5) ? d.pick(LABELS) : d.pick(SENTENCES)) + (d.chance(0.3) ? ` ${d.pick(SENTENCES)}` : ''));
    case 2:
    case 3: {
      const marker = d.pick(['-', '*', '+', '1.', '2)']);
      return Array.from({ length: d.int(1, 6) }, () => `${'  '.repeat(d.int(0, 3))}${marker} ${d.pick(BOXES)}${d.chance(0.7) ? d.pick(ITEMS) : words(d, 3)}`);
    }
    case 4: {
      const cols = d.int(1, 4);
      const row = () => `| ${Array.from({ length: d.int(1, cols + 1) }, () => d.pick([...WORDS, '✅', 'no', '`a/b.ts`'])).join(' | ')} |`;
      return [row(), `|${'---|'.repeat(cols)}`, ...Array.from({ length: d.int(0, 4) }, row)];
    }
    case 5:
      return d.chance(0.5) ? ['```sh', 'npm test', ...(d.chance(0.7) ? ['```'] : [])] : ['~~~', '# not a heading'];
    case 6:
      return Array.from({ length: d.int(1, 3) }, () => `${'>'.repeat(d.int(1, 4))} ${d.chance(0.5) ? d.pick(LABELS) : `- ${d.pick(ITEMS)}`}`);
    case 7:
      return [d.pick(['<div>', '<!--', '-->', '<pre>', '</pre>', '---', '***', '***bold**', '[x]: /url', '\\'])];
    case 8:
      return [''];
    default:
      return [d.pick(SENTENCES)];
  }
}

function randomDocument(d: Dice): string {
  const lines: string[] = [];
  if (d.chance(0.15)) lines.push('---', d.chance(0.7) ? 'project: demo' : 'bad: [yaml', ...(d.chance(0.8) ? ['---'] : []));
  const blocks = d.int(0, 25);
  for (let i = 0; i < blocks; i++) lines.push(...randomBlock(d), ...(d.chance(0.6) ? [''] : []));
  return withLineEndings(d, lines);
}

function withLineEndings(d: Dice, lines: string[]): string {
  const eol = d.pick(['\n', '\n', '\r\n', '\r', 'mixed']);
  return lines.map((l) => l + (eol === 'mixed' ? d.pick(['\n', '\r\n', '\r']) : eol)).join('');
}

function mutate(d: Dice, source: string, pool: readonly string[]): string {
  let lines = source.split(/\r\n|\r|\n/);
  if (d.chance(0.8) && lines.length > 20) {
    const start = d.int(0, lines.length - 5);
    lines = lines.slice(start, start + d.int(5, 60));
  }
  const mutations = d.int(1, 5);
  for (let m = 0; m < mutations; m++) {
    const at = d.int(0, Math.max(0, lines.length - 1));
    switch (d.int(0, 10)) {
      case 0:
        lines.splice(at, d.int(1, 3));
        break;
      case 1:
        lines.splice(at, 0, ...lines.slice(at, at + d.int(1, 8)));
        break;
      case 2: {
        const other = d.int(0, Math.max(0, lines.length - 1));
        [lines[at], lines[other]] = [lines[other] ?? '', lines[at] ?? ''];
        break;
      }
      case 3:
        lines.splice(at, 0, Array.from({ length: d.int(1, 12) }, () => d.pick(UNICODE)).join(''));
        break;
      case 4: {
        const donor = d.pick(pool).split('\n');
        lines.splice(at, 0, donor[d.int(0, donor.length - 1)] ?? '');
        break;
      }
      case 5:
        lines[at] = (lines[at] ?? '').slice(0, d.int(0, (lines[at] ?? '').length));
        break;
      case 6:
        lines[at] = `${d.pick(['>', '  ', '    ', '- ', '1. ', '- [ ] '])}${'>'.repeat(d.chance(0.2) ? d.int(1, 40) : 0)}${lines[at] ?? ''}`;
        break;
      case 7:
        if (d.chance(0.1)) lines.splice(at, 0, `${'>'.repeat(d.int(100, 600))} deep`);
        else lines.splice(at, 0, ...Array.from({ length: d.int(2, 30) }, (_, k) => `${'  '.repeat(k)}- nested ${k}`));
        break;
      case 8:
        if (d.chance(0.1)) lines.splice(at, 0, d.pick(HUGE).repeat(d.int(200, 800)));
        else lines.splice(at, 0, d.pick(LABELS));
        break;
      case 9:
        lines.splice(at, 0, d.pick(SENTENCES));
        break;
      default:
        lines.splice(at, 0, ...randomBlock(d));
    }
  }
  return withLineEndings(d, lines);
}

function flipBytes(d: Dice, text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const flips = d.int(1, Math.max(1, bytes.length >> 4));
  for (let i = 0; i < flips && bytes.length > 0; i++) bytes[d.int(0, bytes.length - 1)] = d.int(0, 255);
  return bytes;
}

function check(docs: number, seed: number, make: (d: Dice) => string | Uint8Array): void {
  const d = new Dice(prng(seed));
  const failures: string[] = [];
  for (let i = 0; i < docs && failures.length < 5; i++) {
    const input = make(d);
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
    try {
      const spec = parseSpec(input, 'FUZZ.md');
      const problems = specViolations(spec, text);
      const internal = spec.diagnostics.find((x) => x.message.startsWith('could not read the spec'));
      if (internal) problems.push(internal.message);
      if (i % 25 === 0) expect(parseSpec(input, 'FUZZ.md')).toEqual(spec);
      if (problems.length > 0) failures.push(`seed ${seed} doc ${i}: ${problems.slice(0, 3).join('; ')}\n${JSON.stringify(text.slice(0, 300))}`);
    } catch (e) {
      failures.push(`seed ${seed} doc ${i} threw ${String(e)}\n${JSON.stringify(text.slice(0, 300))}`);
    }
  }
  expect(failures).toEqual([]);
}

describe('fuzz: parseSpec never throws and always returns a valid spec', () => {
  it('has sample specs to mutate', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(3);
  });

  it('1,200 random Markdown documents', () => check(1200, 1, randomDocument));

  it('1,500 mutations of the sample specs', () => check(1500, 2, (d) => mutate(d, d.pick(corpus), corpus)));

  it('300 sample specs with random bytes', () => check(300, 3, (d) => flipBytes(d, mutate(d, d.pick(corpus), corpus))));
});
