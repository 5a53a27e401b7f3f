import { describe, expect, it } from 'vitest';
import { dependencyPhrases } from './dependency-phrases';

const targets = (text: string) => dependencyPhrases(text).map((p) => [p.target, p.strength]);

describe('dependencyPhrases', () => {
  it('reads the phrases a spec uses for ordering', () => {
    expect(targets('This needs the note store below to exist first.')).toEqual([['note store', 'strong']]);
    expect(targets('Full-text search, available once the sync service is in place.')).toEqual([['sync service', 'strong']]);
    expect(targets('Depends on Tier 1')).toEqual([['Tier 1', 'strong']]);
    expect(targets('It needs auth first.')).toEqual([['auth', 'strong']]);
    expect(targets('Build this after the importer is done.')).toEqual([['importer', 'strong']]);
    expect(targets('Blocked by the billing service.')).toEqual([['billing service', 'strong']]);
  });

  it('marks everyday words as weak', () => {
    expect(targets('Photos stay attached after the app restarts.')).toEqual([['app restarts', 'weak']]);
    expect(targets('Export requires the report builder.')).toEqual([['report builder', 'weak']]);
  });

  it('keeps lists together for the resolver to split', () => {
    expect(targets('Depends on auth, billing and search.')).toEqual([['auth, billing and search', 'strong']]);
  });

  it('ignores phrases that name no thing', () => {
    expect(targets('The layout depends on whether the user is online.')).toEqual([]);
    expect(targets('No dependencies here. Version v3.1.0 ships.')).toEqual([]);
  });

  it('gives each phrase its position in the text', () => {
    const text = 'First sentence. Then it depends on Search.';
    expect(dependencyPhrases(text)[0]?.index).toBe(text.indexOf('depends'));
  });
});
