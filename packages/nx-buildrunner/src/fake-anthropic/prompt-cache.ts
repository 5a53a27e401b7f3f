/**
 * Prompt caching as the API bills it, simulated: every piece carrying `cache_control` ends a
 * cacheable prefix (tools, then system, then messages). The longest prefix seen before on this
 * server is read from the cache; the rest up to the last breakpoint is written to it; what follows
 * is plain input. No minimum length and no expiry, so tests see the same numbers every run.
 */
import { createHash } from 'node:crypto';
import { type Piece, estimateTokens } from './tokens';

export interface InputUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

interface Breakpoint {
  /** Index of the piece that carries cache_control. */
  index: number;
  key: string;
  ttl: '5m' | '1h';
}

function breakpoints(model: string, pieces: readonly Piece[]): Breakpoint[] {
  const hash = createHash('sha256').update(model);
  const found: Breakpoint[] = [];
  pieces.forEach((piece, index) => {
    hash.update(JSON.stringify(piece.text));
    if (piece.cache) found.push({ index, key: hash.copy().digest('hex'), ttl: piece.cache });
  });
  return found;
}

export class PromptCache {
  private readonly prefixes = new Set<string>();

  /** The usage of a request being served, which also caches its prefixes for later ones. */
  usage(model: string, pieces: readonly Piece[]): InputUsage {
    const points = breakpoints(model, pieces);
    const tokens = pieces.map((piece) => estimateTokens(piece.text));
    const sum = (from: number, to: number): number => tokens.slice(from, to).reduce((a, b) => a + b, 0);

    const hit = points.filter((p) => this.prefixes.has(p.key)).at(-1);
    const readEnd = hit ? hit.index + 1 : 0;
    const written = { '5m': 0, '1h': 0 };
    let from = readEnd;
    for (const point of points) {
      if (point.index < readEnd) continue;
      written[point.ttl] += sum(from, point.index + 1);
      from = point.index + 1;
    }
    for (const point of points) this.prefixes.add(point.key);

    const read = sum(0, readEnd);
    const creation = written['5m'] + written['1h'];
    return {
      input_tokens: sum(0, tokens.length) - read - creation,
      cache_creation_input_tokens: creation,
      cache_read_input_tokens: read,
      cache_creation: { ephemeral_5m_input_tokens: written['5m'], ephemeral_1h_input_tokens: written['1h'] },
    };
  }
}
