import { describe, expect, it } from 'vitest';
import type { Task } from '../plan/types';
import { dependencyHashes } from './dependency-hash';

const task = (id: string, dependsOn: string[], hash = `${id}-v1`): Task => ({
  id,
  featureId: id,
  title: id,
  description: '',
  domain: 'backend',
  complexity: 'simple',
  estimateMinutes: 60,
  priority: 'medium',
  files: [],
  acceptance: [],
  requirements: [],
  dependsOn,
  verify: [],
  line: 1,
  hash,
});

describe('dependencyHashes', () => {
  const base = [task('a', []), task('b', ['a']), task('c', ['b']), task('d', [])];

  const sections = new Map([
    ['a', 'a1'],
    ['b', 'b1'],
  ]);

  it('changes the hash of every transitive dependent of an edited task, and nothing else', () => {
    const before = dependencyHashes(base, sections);
    const after = dependencyHashes([task('a', [], 'a-v2'), ...base.slice(1)], sections);
    expect(after.get('a')).toBe(before.get('a'));
    expect(after.get('b')).not.toBe(before.get('b'));
    expect(after.get('c')).not.toBe(before.get('c'));
    expect(after.get('d')).toBe(before.get('d'));
  });

  it('changes the same hashes when only the text of a feature section changes', () => {
    const before = dependencyHashes(base, sections);
    const after = dependencyHashes(base, new Map([...sections, ['a', 'a2']]));
    expect([...after].filter(([id, hash]) => before.get(id) !== hash).map(([id]) => id)).toEqual(['b', 'c']);
  });

  it('does not depend on the order of tasks or of their dependencies', () => {
    const diamond = [task('a', []), task('b', ['a']), task('c', ['a']), task('d', ['c', 'b'])];
    const reordered = [task('d', ['b', 'c']), task('c', ['a']), task('b', ['a']), task('a', [])];
    expect(Object.fromEntries(dependencyHashes(reordered, sections))).toEqual(Object.fromEntries(dependencyHashes(diamond, sections)));
  });

  it('handles a chain of thousands of tasks', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`]));
    expect(dependencyHashes(chain, sections).size).toBe(20_000);
  });

  it('terminates on a cycle and ignores unknown ids', () => {
    const hashes = dependencyHashes([task('a', ['b', 'ghost']), task('b', ['a'])], sections);
    expect([...hashes.keys()].sort()).toEqual(['a', 'b']);
  });
});
