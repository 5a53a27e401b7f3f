import { transliterate } from './slug';

/**
 * Words for matching a dependency to a title: transliterated, lower case, function words and
 * words that only point at a section (`feature`, `below`) dropped, plurals made singular, so
 * "the notes below" and "Note" meet.
 */
const STOPWORDS = new Set([
  'a', 'an', 'the', 'of', 'for', 'to', 'in', 'on', 'and', 'or', 'with', 'by', 'at', 'from', 'into', 'our', 'its',
  'this', 'that', 'these', 'those', 'feature', 'features', 'below', 'above', 'section', 'first', 'be', 'is', 'are', 'it',
]);

export function matchTokens(text: string): string[] {
  const words = transliterate(text).split(/[^a-z0-9]+/);
  const out: string[] = [];
  for (const word of words) {
    if (!word || STOPWORDS.has(word)) continue;
    const token = singular(word);
    if (!out.includes(token)) out.push(token);
  }
  return out;
}

export function singular(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(?:ss|us|is)$/.test(word)) return word;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** Exact-match key for a title or group: its match tokens in order, or the raw text when none survive. */
export function matchKey(text: string): string {
  const tokens = matchTokens(text);
  return tokens.length > 0 ? tokens.join(' ') : text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
