import type { Component } from '../spec/types';
import { nameWords, words } from './words';

/** File-name words that say nothing about what a file is for. */
const VAGUE_NAMES = new Set([
  'index', 'main', 'util', 'utils', 'helper', 'helpers', 'type', 'types', 'config', 'test', 'tests', 'spec', 'specs',
  'src', 'lib', 'common', 'shared', 'core', 'base', 'init', 'app', 'mod',
]);

/** What a requirement says when it is about a file of this kind, though it never names the file. */
const EXTENSION_WORDS: Readonly<Record<string, readonly string[]>> = {
  sql: ['sql', 'table', 'column', 'schema', 'index'],
  css: ['style', 'styling', 'color', 'theme', 'layout'],
  scss: ['style', 'styling', 'color', 'theme', 'layout'],
  less: ['style', 'styling', 'color', 'theme', 'layout'],
  html: ['page', 'markup'],
};

function extension(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Same word up to an inflection: `migrate`/`migrations`, `table`/`tables`, `todo`/`todos`. */
function sameStem(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  let common = 0;
  while (common < shorter && a.charCodeAt(common) === b.charCodeAt(common)) common++;
  return common >= 4 && common >= shorter - 2;
}

interface ComponentKeys {
  path: string;
  base: string;
  keys: string[];
}

function keysOf(component: Component): ComponentKeys {
  const name = nameWords(component.path).filter((w) => w.length >= 4 && !VAGUE_NAMES.has(w));
  return {
    path: component.path,
    base: component.path.slice(component.path.lastIndexOf('/') + 1),
    keys: [...new Set([...name, ...(EXTENSION_WORDS[extension(component.path)] ?? [])])],
  };
}

/**
 * Finds, for a line of prose, the files it is about: the one whose path or file name it quotes,
 * else those sharing most words with it.
 */
export class ComponentMatcher {
  private readonly entries: ComponentKeys[];

  constructor(components: readonly Component[]) {
    this.entries = components.map(keysOf);
  }

  /** Indexes of the best-matching components, in listed order; empty when the text is about none. */
  match(text: string): number[] {
    const textWords = [...new Set(words(text))];
    let best: number[] = [];
    let bestScore = 0;
    this.entries.forEach((entry, index) => {
      const score = text.includes(entry.path)
        ? 1000
        : text.includes(entry.base)
          ? 500
          : entry.keys.filter((key) => textWords.some((word) => sameStem(word, key))).length;
      if (score > bestScore) {
        best = [index];
        bestScore = score;
      } else if (score === bestScore && score > 0) best.push(index);
    });
    return best;
  }
}
