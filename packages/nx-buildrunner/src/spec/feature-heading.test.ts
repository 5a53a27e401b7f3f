import { describe, expect, it } from 'vitest';
import { readFeatureHeading, specTitleFromHeading } from './feature-heading';

describe('readFeatureHeading', () => {
  it('reads number, title and build group', () => {
    expect(readFeatureHeading('Feature 3: Command Line (Build 2A)')).toEqual({ title: 'Command Line', number: 3, group: 'Build 2A' });
    expect(readFeatureHeading('Feature #12 - Sync')).toEqual({ title: 'Sync', number: 12 });
  });

  it('keeps parentheses that do not name a group', () => {
    expect(readFeatureHeading('Offline note editor (mobile)')).toEqual({ title: 'Offline note editor (mobile)' });
  });

  it('reads parallel markers and an inline priority in any order', () => {
    expect(readFeatureHeading('Build 2A: Task Generator Engine [PARALLEL]')).toEqual({ title: 'Build 2A: Task Generator Engine', parallel: true });
    expect(readFeatureHeading('Search (Priority: P1) (Phase 2) [P]')).toEqual({ title: 'Search', group: 'Phase 2', parallel: true, priority: 'P1' });
  });

  it('names a numbered feature without a title after its number', () => {
    expect(readFeatureHeading('Feature 4:').title).toBe('Feature 4');
  });
});

describe('specTitleFromHeading', () => {
  it('strips the PROJECT_SPEC prefix', () => {
    expect(specTitleFromHeading('PROJECT_SPEC - Todo App')).toBe('Todo App');
    expect(specTitleFromHeading('PROJECT_SPEC: Todo App')).toBe('Todo App');
    expect(specTitleFromHeading('Field Notes')).toBe('Field Notes');
  });
});
