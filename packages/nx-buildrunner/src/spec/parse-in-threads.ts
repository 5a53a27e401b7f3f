import { decodeSource } from './decode';
import { parseMarkdownInThreads, threadCount } from './markdown/threads';
import { specFromMarkdown } from './read-spec';
import type { Spec } from './types';

/**
 * `parseSpec`'s result, with a big spec's Markdown parsed by worker threads (markdown/threads.ts):
 * faster, and on more cores. This thread loads the Markdown parser only for a spec too small for
 * threads, or when threads cannot be used; then it parses as `parseSpec` does.
 */
export async function parseSpecInThreads(source: string | Uint8Array, path: string): Promise<Spec> {
  const text = decodeSource(source);
  const threads = threadCount(text.length);
  if (threads > 0) {
    const tree = await parseMarkdownInThreads(text, threads).catch(() => undefined);
    if (tree) return specFromMarkdown(source, path, () => tree, text);
  }
  const { parseSpec } = await import('./parse.js');
  return parseSpec(source, path);
}
