import { describe, expect, it } from 'vitest';
import { type FeatureDraft, newDraft } from './draft';
import { finalizeFeatures } from './finalize';

function draft(title: string, line: number, extra: Partial<FeatureDraft> = {}): FeatureDraft {
  return { ...newDraft(title, line, line + 5, `hash-${line}`), requirements: [{ text: 'r', line: line + 1, done: false }], ...extra };
}

describe('finalizeFeatures', () => {
  it('gives ids, requirement ids and resolved dependencies', () => {
    const { features, diagnostics } = finalizeFeatures([
      draft('Task Storage', 1, { number: 1 }),
      draft('REST API', 10, { number: 2, refs: [{ kind: 'explicit', text: 'Feature 1', line: 12 }] }),
    ]);
    expect(diagnostics).toEqual([]);
    expect(features.map((f) => [f.id, f.requirements[0]?.id, f.dependsOn])).toEqual([
      ['task-storage', 'task-storage.r1', []],
      ['rest-api', 'rest-api.r1', ['task-storage']],
    ]);
    expect(features[1]?.dependencyRefs).toEqual([{ text: 'Feature 1', line: 12, resolved: ['task-storage'] }]);
  });

  it('splits a list of references and reports the unknown and the self-reference as errors', () => {
    const { features, diagnostics } = finalizeFeatures([
      draft('A', 1, { number: 1 }),
      draft('B', 10, { number: 2, refs: [{ kind: 'explicit', text: 'Feature 1, Feature 9 and Feature 2', line: 11 }] }),
    ]);
    expect(features[1]?.dependsOn).toEqual(['a']);
    expect(features[1]?.dependencyRefs.map((r) => [r.text, r.resolved])).toEqual([
      ['Feature 1', ['a']],
      ['Feature 9', []],
    ]);
    expect(diagnostics).toEqual([
      { severity: 'error', message: "feature 'B' depends on unknown feature 'Feature 9'", line: 11 },
      { severity: 'error', message: "feature 'B' depends on itself ('Feature 2')", line: 11 },
    ]);
  });

  it('ignores written-out absence of dependencies', () => {
    const { features, diagnostics } = finalizeFeatures([draft('A', 1, { refs: [{ kind: 'explicit', text: 'None', line: 2 }] })]);
    expect(features[0]?.dependencyRefs).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  it('warns about prose dependencies that are ambiguous or, when strong, unresolved', () => {
    const { features, diagnostics } = finalizeFeatures([
      draft('Note store', 1),
      draft('Note search', 10),
      draft('Sync', 20, {
        refs: [
          { kind: 'prose', text: 'notes', line: 21, strength: 'weak' },
          { kind: 'prose', text: 'payments', line: 22, strength: 'strong' },
          { kind: 'prose', text: 'app restarts', line: 23, strength: 'weak' },
          { kind: 'prose', text: 'sync', line: 24, strength: 'strong' },
        ],
      }),
    ]);
    expect(features[2]?.dependsOn).toEqual([]);
    expect(features[2]?.dependencyRefs.map((r) => r.text)).toEqual(['notes', 'payments']);
    expect(diagnostics).toEqual([
      { severity: 'warning', message: "dependency 'notes' of feature 'Sync' is ambiguous: it matches 'note-store', 'note-search'; name the feature exactly", line: 21 },
      { severity: 'warning', message: "feature 'Sync' seems to depend on 'payments', which matches no feature", line: 22 },
    ]);
  });

  it('drops its own title from prose candidates', () => {
    const { features } = finalizeFeatures([draft('Note store', 1), draft('Note search', 10, { refs: [{ kind: 'prose', text: 'note', line: 11, strength: 'strong' }] })]);
    expect(features[1]?.dependsOn).toEqual(['note-store']);
  });

  it('turns a description into the one requirement of a feature without any', () => {
    const { features, diagnostics } = finalizeFeatures([
      draft('Search', 1, { requirements: [], description: [{ text: 'Full-text search.', line: 3 }, { text: 'Fast.', line: 5 }] }),
      draft('Empty', 10, { requirements: [] }),
    ]);
    expect(features[0]?.requirements).toEqual([{ id: 'search.r1', text: 'Full-text search. Fast.', line: 3, done: false }]);
    expect(features[0]?.description).toBe('Full-text search.\n\nFast.');
    expect(diagnostics).toEqual([{ severity: 'warning', message: "feature 'Empty' has no requirements, acceptance criteria or description", line: 10 }]);
  });

  it('normalises priority and domain and warns about values it does not know', () => {
    const { features, diagnostics } = finalizeFeatures([
      draft('A', 1, { priority: { text: 'P0', line: 2 }, domain: { text: 'DB', line: 3 } }),
      draft('B', 10, { priority: { text: 'soonish', line: 11 }, domain: { text: 'Task Engine', line: 12 } }),
    ]);
    expect([features[0]?.priority, features[0]?.domain]).toEqual(['critical', 'database']);
    expect([features[1]?.priority, features[1]?.domain]).toEqual([undefined, undefined]);
    expect(diagnostics.map((d) => [d.severity, d.line])).toEqual([['warning', 11], ['warning', 12]]);
  });

  it('resolves fixed references given by the layout', () => {
    const { features } = finalizeFeatures([draft('A', 1), draft('B', 10, { refs: [{ kind: 'fixed', text: 'Phase 1', line: 10, targets: [0] }] })]);
    expect(features[1]?.dependencyRefs).toEqual([{ text: 'Phase 1', line: 10, resolved: ['a'] }]);
  });

  it('names untitled features by number or position', () => {
    const { features } = finalizeFeatures([draft('', 1, { number: 7 }), draft('', 10)]);
    expect(features.map((f) => [f.id, f.title])).toEqual([['feature-7', 'Feature 7'], ['feature-2', 'Feature 2']]);
  });
});
