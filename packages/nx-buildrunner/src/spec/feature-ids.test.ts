import { describe, expect, it } from 'vitest';
import { assignIds } from './feature-ids';

describe('assignIds', () => {
  it('slugs titles', () => {
    expect(assignIds([{ title: 'Task Storage', line: 1 }, { title: 'REST API', line: 9 }])).toEqual({ ids: ['task-storage', 'rest-api'], diagnostics: [] });
  });

  it('reports duplicate titles as errors and still gives unique ids', () => {
    const { ids, diagnostics } = assignIds([
      { title: 'Docs', line: 3 },
      { title: 'docs!', line: 8 },
      { title: 'Docs 2', line: 12 },
      { title: 'Docs', line: 20 },
    ]);
    expect(ids).toEqual(['docs', 'docs-2', 'docs-2-2', 'docs-3']);
    expect(diagnostics).toEqual([
      { severity: 'error', message: "duplicate feature 'docs!': same id as the feature at line 3", line: 8 },
      { severity: 'error', message: "duplicate feature 'Docs': same id as the feature at line 3", line: 20 },
    ]);
  });

  it('suffixes slugs cut to the same length without an error', () => {
    const long = 'Synchronise every offline note between all devices';
    const { ids, diagnostics } = assignIds([{ title: `${long} quickly`, line: 1 }, { title: `${long} safely`, line: 2 }]);
    expect(ids).toEqual(['synchronise-every-offline-note-between', 'synchronise-every-offline-note-between-2']);
    expect(diagnostics).toEqual([]);
  });

  it('falls back to feature-N for titles that do not transliterate', () => {
    const { ids, diagnostics } = assignIds([{ title: '同步', number: 4, line: 1 }, { title: '搜索', line: 5 }, { title: '搜索', line: 9 }]);
    expect(ids).toEqual(['feature-4', 'feature-2', 'feature-3']);
    expect(diagnostics.map((d) => d.line)).toEqual([9]);
  });
});
