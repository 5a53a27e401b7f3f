import { describe, expect, it } from 'vitest';
import { parseSpec } from './parse';

const spec = (md: string) => parseSpec(md, 'docs/PROJECT_SPEC.md');

const BUILDRUNNER = [
  '# PROJECT_SPEC - Shop',
  '',
  '**Project:** Shop',
  '',
  '## Features',
  '',
  '### Feature 1: Catalog',
  '**Priority:** P1',
  '',
  '**Requirements:**',
  '- list products',
  '',
  '### Feature 2: Cart',
  '**Depends on:** Feature 1, Feature 9',
  '',
  '**Requirements:**',
  '- add to cart',
  '',
  '### Feature 3: Checkout',
  '**Depends on:** Feature 3',
  '**Domain:** payments',
  '',
  '- pay',
].join('\n');

describe('parseSpec', () => {
  it('reads the BuildRunner layout and reports unknown and self dependencies as errors with lines', () => {
    const s = spec(BUILDRUNNER);
    expect([s.title, s.format, s.metadata]).toEqual(['Shop', 'buildrunner', { project: 'Shop' }]);
    expect(s.features.map((f) => [f.id, f.number, f.priority, f.dependsOn])).toEqual([
      ['catalog', 1, 'high', []],
      ['cart', 2, undefined, ['catalog']],
      ['checkout', 3, undefined, []],
    ]);
    expect(s.diagnostics).toEqual([
      { severity: 'error', message: "feature 'Cart' depends on unknown feature 'Feature 9'", line: 14 },
      { severity: 'error', message: "feature 'Checkout' depends on itself ('Feature 3')", line: 20 },
      { severity: 'warning', message: "unknown domain 'payments' (use frontend, backend, database, infra, docs, test or general)", line: 21 },
    ]);
  });

  it('resolves dependencies by title as well as by number', () => {
    const s = spec('## Features\n### Feature 1: Task Storage\n- a\n### Feature 2: API\n**Depends on:** Task Storage\n- b\n');
    expect(s.features[1]?.dependsOn).toEqual(['task-storage']);
  });

  it('reports duplicate features as errors', () => {
    const s = spec('## Features\n### Feature 1: Docs\n- a\n### Feature 2: Docs\n- b\n');
    expect(s.features.map((f) => f.id)).toEqual(['docs', 'docs-2']);
    expect(s.diagnostics).toEqual([{ severity: 'error', message: "duplicate feature 'Docs': same id as the feature at line 2", line: 4 }]);
  });

  it('reads front matter as metadata and reports broken YAML without losing the features', () => {
    const ok = spec('---\nproject: notes\n---\n## Sync\n- s\n');
    expect([ok.title, ok.metadata, ok.features.length]).toEqual(['notes', { project: 'notes' }, 1]);
    const broken = spec('---\nproject: [notes\n---\n## Sync\n- s\n');
    expect(broken.features.map((f) => f.id)).toEqual(['sync']);
    expect(broken.diagnostics.map((d) => [d.severity, d.line > 0])).toEqual([['warning', true]]);
  });

  it('gives the whole file a sha256 and is deterministic', () => {
    const a = spec(BUILDRUNNER);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(spec(BUILDRUNNER)).toEqual(a);
    expect(parseSpec(new TextEncoder().encode(BUILDRUNNER), 'docs/PROJECT_SPEC.md')).toEqual(a);
  });

  it('changes only the hash of the feature that was edited', () => {
    const before = spec(BUILDRUNNER).features.map((f) => f.hash);
    const after = spec(BUILDRUNNER.replace('- add to cart', '- add to cart twice')).features.map((f) => f.hash);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[2]).toBe(before[2]);
  });

  it('reads the same spec the same way with CRLF line endings', () => {
    const lf = spec(BUILDRUNNER);
    const crlf = spec(BUILDRUNNER.replace(/\n/g, '\r\n'));
    expect(crlf.features).toEqual(lf.features);
    expect(crlf.diagnostics).toEqual(lf.diagnostics);
  });

  it('reads non-English specs', () => {
    const s = spec('# Заметки\n## Синхронизация\n- объединять правки\n## 検索\n- 全文検索。同期のあとで。\n');
    expect(s.title).toBe('Заметки');
    expect(s.features.map((f) => [f.id, f.title])).toEqual([
      ['sinkhronizatsiya', 'Синхронизация'],
      ['feature-2', '検索'],
    ]);
  });

  it('warns when there are no features', () => {
    expect(spec('').diagnostics).toEqual([{ severity: 'warning', message: 'the spec is empty', line: 0 }]);
    expect(spec('# Title\n\n## Overview\n\nJust context.\n').diagnostics[0]?.message).toMatch(/^no features found/);
  });

  it('records which reader understood the document', () => {
    expect(spec('## Phase 1: Setup\n- [ ] T001 Create a/b.ts\n').format).toBe('speckit');
    expect(spec('- [ ] 1. Set up\n').format).toBe('kiro');
    expect(spec('## Login\n- a\n').format).toBe('freeform');
  });
});
