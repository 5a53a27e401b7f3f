import { describe, expect, it } from 'vitest';
import { fieldOf, matchLabel } from './labels';

describe('matchLabel', () => {
  it('reads bold labels with the colon inside or outside the bold', () => {
    expect(matchLabel('**Priority:** High')).toEqual({ label: 'Priority', field: 'priority', value: 'High' });
    expect(matchLabel('**Goal**: ship it')).toEqual({ label: 'Goal', field: 'description', value: 'ship it' });
    expect(matchLabel('__Depends on__ : Feature 1')).toEqual({ label: 'Depends on', field: 'depends', value: 'Feature 1' });
  });

  it('is tolerant of case and synonyms', () => {
    expect(matchLabel('**acceptance criteria:**')?.field).toBe('acceptance');
    expect(matchLabel('**Dependencies:** none')?.field).toBe('depends');
    expect(matchLabel('**Verify:** `npm test`')?.field).toBe('verify');
    expect(fieldOf('Definition of Done')).toBe('acceptance');
  });

  it('accepts a bare bold label only when it is a known field', () => {
    expect(matchLabel('**Requirements**')?.field).toBe('requirements');
    expect(matchLabel('**Why first?** Because it unblocks the rest')).toBeUndefined();
    expect(matchLabel('**Depends on Tier 1**')).toBeUndefined();
  });

  it('keeps unknown bold labels without a field, for metadata', () => {
    expect(matchLabel('**Worktree:** `../wt`')).toEqual({ label: 'Worktree', value: '`../wt`' });
  });

  it('accepts labels without bold only from the vocabulary', () => {
    expect(matchLabel('Depends on: Feature 1, Feature 3')).toEqual({ label: 'Depends on', field: 'depends', value: 'Feature 1, Feature 3' });
    expect(matchLabel('Note: this is prose')).toBeUndefined();
    expect(matchLabel('Plain sentence without a colon')).toBeUndefined();
  });

  it('can be limited to bold labels', () => {
    expect(matchLabel('Status: shows sync status', { boldOnly: true })).toBeUndefined();
    expect(matchLabel('**Status:** done', { boldOnly: true })?.field).toBe('status');
  });
});
