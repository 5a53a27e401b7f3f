import type { Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Node } from 'unist';
import { chunkDocument } from './chunks';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

/** Pieces of about this many characters keep micromark's per-container cost bounded. */
const DEFAULT_CHUNK_SIZE = 8192;

/**
 * Markdown to mdast with positions that index `text`. Each character is parsed once; a long
 * document is parsed in independent pieces (see chunks.ts) whose trees are joined with their
 * positions moved to where the piece sits in the whole.
 */
export function parseMarkdown(text: string, chunkSize = DEFAULT_CHUNK_SIZE): Root {
  const chunks = chunkDocument(text, chunkSize);
  if (chunks.length === 1) return processor.parse(text);
  const children: RootContent[] = [];
  let lastTree: Root | undefined;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    const end = chunks[i + 1]?.offset ?? text.length;
    const tree = processor.parse(text.slice(chunk.offset, end));
    lastTree = tree;
    for (const child of tree.children) {
      if (i > 0) shiftPositions(child, chunk.line - 1, chunk.offset);
      children.push(child);
    }
  }
  const lastChunk = chunks[chunks.length - 1]!;
  const lastEnd = lastTree?.position?.end;
  return {
    type: 'root',
    children,
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: lastEnd
        ? { line: lastEnd.line + lastChunk.line - 1, column: lastEnd.column, offset: (lastEnd.offset ?? 0) + lastChunk.offset }
        : { line: lastChunk.line, column: 1, offset: text.length },
    },
  };
}

function shiftPositions(root: Node, lines: number, offset: number): void {
  const stack: Node[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const p = node.position;
    if (p) {
      node.position = {
        start: { line: p.start.line + lines, column: p.start.column, offset: (p.start.offset ?? 0) + offset },
        end: { line: p.end.line + lines, column: p.end.column, offset: (p.end.offset ?? 0) + offset },
      };
    }
    const children = (node as { children?: Node[] }).children;
    if (children) for (const child of children) stack.push(child);
  }
}
