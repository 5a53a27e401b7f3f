import type { Root, RootContent } from 'mdast';
import type { Node, Point } from 'unist';
import type { Chunk } from './chunks';

/**
 * One chunk of a document parsed on its own, its positions already moved to where the chunk sits
 * in the whole. Plain data, so that a worker thread can hand it over as JSON.
 */
export interface ParsedPiece {
  children: RootContent[];
  /** Where the chunk's tree ends, when the parser gave it a position. */
  end?: Point;
}

/** The text of each chunk: from its offset to the next chunk's. */
export function pieceTexts(text: string, chunks: readonly Chunk[]): string[] {
  return chunks.map((chunk, i) => text.slice(chunk.offset, chunks[i + 1]?.offset ?? text.length));
}

/** A chunk's own tree, moved to `at`; `children` are moved in place. */
export function placePiece(tree: Root, at: Chunk): ParsedPiece {
  const lines = at.line - 1;
  if (at.offset > 0) for (const child of tree.children) shiftPositions(child, lines, at.offset);
  const end = tree.position?.end;
  const piece: ParsedPiece = { children: tree.children };
  if (end) piece.end = { line: end.line + lines, column: end.column, offset: (end.offset ?? 0) + at.offset };
  return piece;
}

/** The tree of the whole document from the pieces of all its chunks, in order. */
export function joinPieces(text: string, chunks: readonly Chunk[], pieces: readonly ParsedPiece[]): Root {
  const children: RootContent[] = [];
  for (const piece of pieces) for (const child of piece.children) children.push(child);
  const lastChunk = chunks[chunks.length - 1]!;
  return {
    type: 'root',
    children,
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: pieces[pieces.length - 1]?.end ?? { line: lastChunk.line, column: 1, offset: text.length },
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
