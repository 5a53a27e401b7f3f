import { describe, expect, it } from 'vitest';
import { isExclusionSection, isNonFeatureSection } from './section-names';

describe('isNonFeatureSection', () => {
  it('recognises context sections, also combined and numbered', () => {
    for (const title of ['Goals', 'Overview', 'Out of scope', 'Non-goals', 'Background', 'Goals and non-goals', 'Background & Motivation', '2. Open questions']) {
      expect(isNonFeatureSection(title), title).toBe(true);
    }
  });

  it('does not mistake work for context', () => {
    for (const title of ['Sync status', 'What we need', 'Search', 'Goals dashboard', 'Notes editor']) {
      expect(isNonFeatureSection(title), title).toBe(false);
    }
  });
});

describe('isExclusionSection', () => {
  it('names what a feature will not do', () => {
    expect(isExclusionSection('Out of scope')).toBe(true);
    expect(isExclusionSection('Non-goals')).toBe(true);
    expect(isExclusionSection('Notes')).toBe(false);
  });
});
