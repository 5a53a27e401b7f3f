import { describe, expect, it } from 'vitest';
import { FeatureIndex } from './feature-index';

const index = new FeatureIndex([
  { id: 'task-storage', title: 'Task Storage', number: 1 },
  { id: 'rest-api', title: 'REST API', number: 2 },
  { id: 'sync-service', title: 'Sync service', group: 'Tier 1' },
  { id: 'note-store', title: 'Note store', group: 'Tier 1' },
  { id: 'note-search', title: 'Note search', group: 'Tier 2', aliases: ['T012'] },
]);

describe('FeatureIndex.resolve', () => {
  it('resolves numbers, ids, aliases and exact titles', () => {
    expect(index.resolve('Feature 2')).toEqual({ kind: 'resolved', targets: [1] });
    expect(index.resolve('#1')).toEqual({ kind: 'resolved', targets: [0] });
    expect(index.resolve('Feature 1 (Task Storage)')).toEqual({ kind: 'resolved', targets: [0] });
    expect(index.resolve('rest-api')).toEqual({ kind: 'resolved', targets: [1] });
    expect(index.resolve('t012')).toEqual({ kind: 'resolved', targets: [4] });
    expect(index.resolve('**the Sync Services**')).toEqual({ kind: 'resolved', targets: [2] });
  });

  it('resolves a group to all its features', () => {
    expect(index.resolve('Tier 1')).toEqual({ kind: 'resolved', targets: [2, 3] });
  });

  it('resolves the one title holding every word, and reports several', () => {
    expect(index.resolve('the storage')).toEqual({ kind: 'resolved', targets: [0] });
    expect(index.resolve('notes')).toEqual({ kind: 'ambiguous', candidates: [3, 4] });
  });

  it('reports what matches nothing', () => {
    expect(index.resolve('Feature 9')).toEqual({ kind: 'unknown' });
    expect(index.resolve('payments')).toEqual({ kind: 'unknown' });
    expect(index.resolve('  ')).toEqual({ kind: 'unknown' });
  });
});
