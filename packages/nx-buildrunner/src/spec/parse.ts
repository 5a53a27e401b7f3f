import { parseMarkdown } from './markdown/parse-markdown';
import { specFromMarkdown } from './read-spec';
import type { Spec } from './types';

/** A Markdown spec to features, parsed in this thread (see `specFromMarkdown`). */
export function parseSpec(source: string | Uint8Array, path: string): Spec {
  return specFromMarkdown(source, path, parseMarkdown);
}
