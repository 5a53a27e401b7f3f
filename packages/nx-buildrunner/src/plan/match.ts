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

/** Words share a stem only if they share this many first letters. */
const STEM = 4;

/** Same word up to an inflection: `migrate`/`migrations`, `table`/`tables`, `todo`/`todos`. */
function sameStem(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  let common = 0;
  while (common < shorter && a.charCodeAt(common) === b.charCodeAt(common)) common++;
  return common >= STEM && common >= shorter - 2;
}

/** A word standing for a component; `slot` numbers it among all keys, so each counts once per text. */
interface Key {
  component: number;
  slot: number;
  word: string;
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function extension(path: string): string {
  const name = fileName(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Where a word is filed: its first letters, or the whole of a short word (which must then match exactly). */
const prefixOf = (word: string): string => word.slice(0, STEM);

/**
 * Finds, for a line of prose, the files it is about: the one whose path or file name it quotes,
 * else those sharing most words with it. Keys are indexed by their first letters, so a text costs
 * one lookup per word whatever the number of files.
 */
export class ComponentMatcher {
  private readonly paths: string[];
  private readonly names: string[];
  private readonly byPrefix = new Map<string, Key[]>();

  constructor(components: readonly Component[]) {
    this.paths = components.map((c) => c.path);
    this.names = this.paths.map(fileName);
    let slot = 0;
    components.forEach((component, index) => {
      const name = nameWords(component.path).filter((w) => w.length >= STEM && !VAGUE_NAMES.has(w));
      for (const word of new Set([...name, ...(EXTENSION_WORDS[extension(component.path)] ?? [])])) {
        const prefix = prefixOf(word);
        const keys = this.byPrefix.get(prefix) ?? [];
        keys.push({ component: index, slot: slot++, word });
        this.byPrefix.set(prefix, keys);
      }
    });
  }

  /** Indexes of the best-matching components, in listed order; empty when the text is about none. */
  match(text: string): number[] {
    const scores: number[] = this.paths.map((path, i) =>
      text.includes(path) ? 1000 : text.includes(this.names[i] as string) ? 500 : 0,
    );
    const matched = new Set<number>();
    for (const word of words(text)) {
      for (const key of this.byPrefix.get(prefixOf(word)) ?? []) {
        if (matched.has(key.slot) || !sameStem(word, key.word)) continue;
        matched.add(key.slot);
        scores[key.component] = (scores[key.component] ?? 0) + 1;
      }
    }
    const best = Math.max(0, ...scores);
    return best === 0 ? [] : scores.flatMap((score, i) => (score === best ? [i] : []));
  }
}
