import { describe, expect, it } from 'vitest';
import { assignNames, slugifyPath } from './names';

describe('assignNames', () => {
  it('gives short names when nothing clashes', () => {
    const names = assignNames([
      { key: 'a/x', short: 'br-x', qualified: 'br-a-x' },
      { key: 'a/y', short: 'br-y', qualified: 'br-a-y' },
    ]);
    expect([...names]).toEqual([
      ['a/x', 'br-x'],
      ['a/y', 'br-y'],
    ]);
  });

  it('qualifies every clashing name by its folder, whatever the order', () => {
    const requests = [
      { key: 'a/.buildrunner/S/x/x', short: 'br-x', qualified: 'br-a-x' },
      { key: 'b/.buildrunner/S/x/x', short: 'br-x', qualified: 'br-b-x' },
      { key: 'b/.buildrunner/S/y/y', short: 'br-y', qualified: 'br-b-y' },
    ];
    const forward = assignNames(requests);
    const backward = assignNames([...requests].reverse());
    expect(Object.fromEntries(forward)).toEqual({
      'a/.buildrunner/S/x/x': 'br-a-x',
      'b/.buildrunner/S/x/x': 'br-b-x',
      'b/.buildrunner/S/y/y': 'br-y',
    });
    expect(Object.fromEntries(backward)).toEqual(Object.fromEntries(forward));
  });

  it('adds a hash of the key when qualified names still clash', () => {
    const names = assignNames([
      { key: 'a/.buildrunner/one.md/x/x', short: 'br-x', qualified: 'br-a-x' },
      { key: 'a/.buildrunner/two.md/x/x', short: 'br-x', qualified: 'br-a-x' },
    ]);
    const [one, two] = [...names.values()];
    expect(one).toMatch(/^br-a-x-[0-9a-f]{6}$/);
    expect(two).toMatch(/^br-a-x-[0-9a-f]{6}$/);
    expect(one).not.toBe(two);
  });
});

describe('slugifyPath', () => {
  it.each([
    ['examples/Text Kit', 'examples-text-kit'],
    ['.', 'root'],
    ['apps/@scope/web_app', 'apps-scope-web-app'],
  ])('%s -> %s', (path, slug) => expect(slugifyPath(path)).toBe(slug));
});
