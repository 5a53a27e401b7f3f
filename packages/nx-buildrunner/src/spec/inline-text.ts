import type { Node } from 'unist';
import { endLine, endOffset, type SourceText, startLine, startOffset } from './source-text';

/** One source line of a block, as written, with the container prefix (`> `, indentation) removed. */
export interface TextLine {
  text: string;
  line: number;
}

/**
 * The lines of a paragraph-like node as Markdown source. Continuation lines inside list items and
 * block quotes start with container markers that are not part of the text; hard-break markers
 * (trailing backslash) go too.
 */
export function nodeLines(source: SourceText, node: Node): TextLine[] {
  const from = startOffset(node);
  const to = endOffset(node);
  const first = startLine(node);
  const last = Math.max(first, endLine(node));
  const lines: TextLine[] = [];
  for (let line = first; line <= last; line++) {
    const start = line === first ? from : source.lineStart(line);
    const end = line === last ? to : source.lineEnd(line);
    let text = source.slice(start, Math.max(start, end));
    if (line > first) text = text.replace(CONTAINER_PREFIX, '');
    lines.push({ text: text.replace(HARD_BREAK, '').trim(), line });
  }
  return lines;
}

/** Lines as one line of Markdown: what requirements, criteria and descriptions keep. */
export function joinLines(lines: readonly TextLine[]): string {
  return collapseWhitespace(lines.map((l) => l.text).join(' '));
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Markdown inline syntax removed, for matching words (labels, titles, dependency phrases):
 * emphasis markers, code backticks, link targets and images go; their text stays.
 */
export function plainText(markdown: string): string {
  return collapseWhitespace(
    markdown
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
      .replace(/(\*\*|__|~~|`+)/g, '')
      .replace(/(^|[\s(])[*_]([^*_\s](?:[^*_]*[^*_\s])?)[*_](?=$|[\s).,;:!?])/g, '$1$2')
      .replace(/\\([!-/:-@[-`{-~])/g, '$1'),
  );
}

const CONTAINER_PREFIX = /^(?:[ \t]*>)*[ \t]*/;
const HARD_BREAK = /\\$/;
