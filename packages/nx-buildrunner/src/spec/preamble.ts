import type { RootContent } from 'mdast';
import { nodeLines, plainText } from './inline-text';
import { matchLabel } from './labels';
import type { SourceText } from './source-text';

/**
 * `**Key:** value` lines before the first section (`**Project:** Todo App`, `**Status:** Planned`)
 * as metadata, keyed in camelCase (`project`, `status`). The first occurrence of a key wins.
 */
export function readPreamble(source: SourceText, blocks: readonly RootContent[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const block of blocks) {
    if (block.type !== 'paragraph') continue;
    for (const line of nodeLines(source, block)) {
      const label = matchLabel(line.text);
      const key = label && camelCase(label.label);
      if (key && label.value && !(key in data)) data[key] = plainText(label.value);
    }
  }
  return data;
}

function camelCase(label: string): string {
  const words = plainText(label)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}
